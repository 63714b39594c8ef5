# select.select reports the listening socket readable once a client connects
import select
import socket
import threading

srv = socket.socket()
srv.bind(('127.0.0.1', 7005))
srv.listen()
r, w, x = select.select([srv], [], [], 0.1)
print('before', r, w, x)
c = socket.socket()
c.connect(('127.0.0.1', 7005))
r, w, x = select.select([srv], [], [], 1)
print('after', r == [srv])
conn, _ = srv.accept()
r, w, _ = select.select([conn], [c], [], 0)
print(r == [], w == [c])
c.send(b'x')
r, _, _ = select.select([conn], [], [], 1)
print(r == [conn], conn.recv(10))
for s in (c, conn, srv):
    s.close()
