# The note's threaded clients against a threaded echo server, a bounded number of rounds
from socket import *
from threading import Thread
import threading

def serve(srv, n):
    for _ in range(n):
        conn, addr = srv.accept()
        Thread(target=talk, args=(conn,)).start()

def talk(conn):
    try:
        while True:
            res = conn.recv(1024)
            if not res:
                break
            conn.send(res.upper())
    finally:
        conn.close()

out = []
def client(server_ip, port):
    c = socket(AF_INET, SOCK_STREAM)
    c.connect((server_ip, port))
    for count in range(3):
        c.send(('%s say hello %s' % (threading.current_thread().name, count)).encode('utf-8'))
        msg = c.recv(1024)
        out.append(msg.decode('utf-8'))
    c.close()

s = socket()
s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 8082))
s.listen(5)
Thread(target=serve, args=(s, 10)).start()
ts = [Thread(target=client, args=('127.0.0.1', 8082), name='c%d' % i) for i in range(10)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(out), sorted(out)[:2])
