# selectors.DefaultSelector: register with data, select loop serving two threaded clients, unregister, get_map, KeyError on a second register
import selectors
import socket
import threading

sel = selectors.DefaultSelector()
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 7031))
srv.listen()
srv.setblocking(False)
key = sel.register(srv, selectors.EVENT_READ, data='listener')
print(key.events == selectors.EVENT_READ, key.data, key.fileobj is srv)

def client(out, i):
    c = socket.create_connection(('127.0.0.1', 7031))
    c.sendall(b'hello %d' % i)
    out.append(c.recv(100))
    c.close()

out = []
ts = [threading.Thread(target=client, args=(out, i)) for i in range(2)]
for t in ts:
    t.start()
closed = 0
while closed < 2:
    for key, events in sel.select(timeout=1):
        if key.data == 'listener':
            conn, _ = srv.accept()
            conn.setblocking(False)
            sel.register(conn, selectors.EVENT_READ, data='conn')
        else:
            conn = key.fileobj
            data = conn.recv(100)
            if data:
                conn.sendall(data.upper())
            else:
                sel.unregister(conn)
                conn.close()
                closed += 1
for t in ts:
    t.join()
print(sorted(out), len(sel.get_map()))
print(sel.select(timeout=0))
try:
    sel.register(srv, selectors.EVENT_READ)
except KeyError as e:
    print('KeyError')
sel.close()
srv.close()
