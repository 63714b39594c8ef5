# The note's gevent echo server with 500 threaded clients in one process, all connected at once (1001 sockets; listen(500): with the note's listen(5) Linux resets some under load) [GSV-1] [GMP-1]
from gevent import monkey;monkey.patch_all()
from socket import *
import gevent
from threading import Thread, Barrier
import threading

N = 500
def server(server_ip,port,n):
    s= socket()
    s.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
    s.bind((server_ip,port))
    s.listen(500)
    for _ in range(n):
        conn,addr = s.accept()
        gevent.spawn(talk,conn,addr) #切换

def talk(conn,addr):
    try:
        while True:
            res = conn.recv(1024)
            if not res:
                break
            conn.send(res.upper())
    except Exception as e:
        print(e)
    finally:
        conn.close()

replies = []
connected = Barrier(N)
def client(server_ip,port):
    c=socket(AF_INET,SOCK_STREAM)
    c.connect((server_ip,port))
    connected.wait()
    count=0
    while count < 2:
        c.send(('%s say hello %s' %(threading.current_thread().name,count)).encode('utf-8'))
        msg=c.recv(1024)
        replies.append(msg.decode('utf-8'))
        count+=1
    c.close()

if __name__ == '__main__':
    srv = gevent.spawn(server, '127.0.0.1', 8084, N)
    ts = []
    for i in range(N):
        t=Thread(target=client,args=('127.0.0.1',8084))
        t.start()
        ts.append(t)
    for t in ts:
        t.join()
    srv.join()
    print(len(replies), len(set(replies)))
    print(sorted(replies)[:2])
