# recv on a non-blocking socket with nothing buffered raises BlockingIOError
import socket

a = socket.socket()
a.bind(('127.0.0.1', 7015))
a.listen()
b = socket.create_connection(('127.0.0.1', 7015))
conn, _ = a.accept()
conn.setblocking(False)
try:
    conn.recv(10)
except BlockingIOError as e:
    print('BlockingIOError', e)
b.send(b'now')
import time
time.sleep(0.05)
print(conn.recv(10))
for s in (a, b, conn):
    s.close()
