# Sending to a peer that closed eventually fails with BrokenPipeError or ConnectionResetError
import socket
import threading
import time

srv = socket.socket()
srv.bind(('127.0.0.1', 7009))
srv.listen()
c = socket.create_connection(('127.0.0.1', 7009))
conn, _ = srv.accept()
conn.close()
time.sleep(0.05)
errors = []
for _ in range(5):
    try:
        c.send(b'x' * 100)
    except (BrokenPipeError, ConnectionResetError) as e:
        errors.append(isinstance(e, ConnectionError))
        break
    time.sleep(0.05)
print(errors)
c.close()
srv.close()
