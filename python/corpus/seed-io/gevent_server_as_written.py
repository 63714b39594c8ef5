# The note's gevent socket server exactly as written: 'fromfrom' is a SyntaxError
fromfrom gevent import monkey;monkey.patch_all()
from socket import *
import gevent

#如果不想用money.patch_all()打补丁,可以用gevent自带的socket
# from gevent import socket
# s=socket.socket()

def server(server_ip,port):
    s= socket()
    s = setsockopt(SOL_SOCKET,SO_REUSADDR,1)
    s.bind(server_ipp,port)
    s.listen(5)
    
    while True:
        conn,addr = s.accept()
        gevent.spawn(talk,conn,addr) #切换
        
def talk(conn,addr):
    try:
        while True:
            res = conn.recv(1024)
            conn.send(res.upper())
	execpt Exception as e:
        print(e)
	finally:
        conn.close()
if __name__ =='__main__':
    server('127.0.0.1',8080)
