# The study note's 500 threaded clients, the Python twin of threaded-clients.ts: a
# thread-per-connection echo server in the main process, the client threads in a child
# process (as the note runs them: two programs), each saying hello MESSAGES times.
from multiprocessing import Process
from socket import *
from threading import Thread
import threading

CLIENTS = 500
MESSAGES = 3

def talk(conn):
    while True:
        res = conn.recv(1024)
        if not res:
            break
        conn.send(res.upper())
    conn.close()

def client(server_ip, port):
    c = socket(AF_INET, SOCK_STREAM)
    c.connect((server_ip, port))
    for count in range(MESSAGES):
        msg = ('%s say hello %s' % (threading.current_thread().name, count)).encode('utf-8')
        c.send(msg)
        assert c.recv(1024) == msg.upper()
    c.close()

def clients():
    ts = [Thread(target=client, args=('127.0.0.1', 8080)) for _ in range(CLIENTS)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()

if __name__ == '__main__':
    s = socket(AF_INET, SOCK_STREAM)
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', 8080))
    s.listen(CLIENTS)
    p = Process(target=clients)
    p.start()
    handlers = []
    for _ in range(CLIENTS):
        conn, addr = s.accept()
        t = Thread(target=talk, args=(conn,))
        t.start()
        handlers.append(t)
    for t in handlers:
        t.join()
    p.join()
    print(CLIENTS, 'clients served, exit code', p.exitcode)
    assert p.exitcode == 0
