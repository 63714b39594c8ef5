# selectors: modify() switches a connected socket to EVENT_WRITE; select(0) reports it writable
import selectors
import socket

a = socket.socket()
a.bind(('127.0.0.1', 7032))
a.listen()
b = socket.create_connection(('127.0.0.1', 7032))
conn, _ = a.accept()
sel = selectors.DefaultSelector()
sel.register(b, selectors.EVENT_READ)
print(sel.select(timeout=0))
sel.modify(b, selectors.EVENT_WRITE, data='w')
ready = sel.select(timeout=0)
print(len(ready), ready[0][1] == selectors.EVENT_WRITE, ready[0][0].data)
conn.sendall(b'x')
import time
time.sleep(0.05)
sel.modify(b, selectors.EVENT_READ | selectors.EVENT_WRITE)
print(sorted(ev for _, ev in sel.select(timeout=1)))
print(sel.get_key(b).events)
sel.close()
for s in (a, b, conn):
    s.close()
