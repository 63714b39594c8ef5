# The study note's gevent echo server, the Python twin of gevent-echo-server.ts: after
# monkey.patch_all() a StreamServer upper-cases what each client sends, a greenlet per
# connection in one OS thread; the clients are (patched) threads checking every reply.
from gevent import monkey; monkey.patch_all()
from gevent.server import StreamServer
import socket
import threading

CLIENTS = 50
MESSAGES = 4

def talk(conn, addr):
    while True:
        data = conn.recv(4096)
        if not data:
            break
        conn.sendall(data.upper())

ok = []
def client(i):
    c = socket.create_connection(('127.0.0.1', 8080))
    for n in range(MESSAGES):
        msg = ('client %d message %d' % (i, n)).encode()
        c.sendall(msg)
        assert c.recv(4096) == msg.upper()
    c.close()
    ok.append(i)

server = StreamServer(('127.0.0.1', 8080), talk)
server.start()
ts = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
for t in ts:
    t.start()
for t in ts:
    t.join()
server.stop()
print(len(ok), 'clients served')
assert len(ok) == CLIENTS
