# After patch_all, blocking socket calls in greenlets overlap: two slow servers, both answer [GMP-1]
from gevent import monkey; monkey.patch_all()
import socket
import time
import gevent

def slow_server(port, delay):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', port))
    s.listen()
    conn, _ = s.accept()
    time.sleep(delay)
    conn.sendall(b'port %d' % port)
    conn.close()
    s.close()

def fetch(port):
    c = socket.create_connection(('127.0.0.1', port))
    d = c.recv(100)
    c.close()
    print('got', d)

servers = [gevent.spawn(slow_server, 8093, 0.2), gevent.spawn(slow_server, 8094, 0.1)]
gevent.sleep(0.01)
start = time.time()
gevent.joinall([gevent.spawn(fetch, 8093), gevent.spawn(fetch, 8094)])
gevent.joinall(servers)
print(time.time() - start < 0.3)
