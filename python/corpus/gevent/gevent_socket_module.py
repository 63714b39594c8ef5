# gevent.socket offers the socket API; a server greenlet and client greenlets interleave [GSV-3]
import gevent
from gevent import socket

def server(s, n):
    for _ in range(n):
        conn, _ = s.accept()
        gevent.spawn(echo, conn)

def echo(conn):
    while True:
        d = conn.recv(100)
        if not d:
            break
        conn.sendall(d[::-1])
    conn.close()

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 8092))
s.listen(10)
gevent.spawn(server, s, 2)

def client(word):
    c = socket.socket()
    c.connect(('127.0.0.1', 8092))
    c.sendall(word)
    r = c.recv(100)
    c.close()
    return r

gs = [gevent.spawn(client, w) for w in (b'abc', b'xyz')]
gevent.joinall(gs)
print([g.value for g in gs])
