# StreamServer runs handle(sock, address) in a greenlet per connection [GSV-1] [GSV-2]
import gevent
from gevent.server import StreamServer
from gevent import socket

def handle(sock, address):
    data = sock.recv(100)
    sock.sendall(b'echo:' + data)

server = StreamServer(('127.0.0.1', 8091), handle)
server.start()
print(server.started)

def client(i):
    c = socket.create_connection(('127.0.0.1', 8091))
    c.sendall(b'msg%d' % i)
    r = c.recv(100)
    c.close()
    return r

gs = [gevent.spawn(client, i) for i in range(3)]
gevent.joinall(gs)
print([g.value for g in gs])
server.stop()
