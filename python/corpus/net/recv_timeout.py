# recv with a timeout raises TimeoutError('timed out') when no data comes
import socket
import threading

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 7023))
srv.listen()
def accept_only():
    conn, _ = srv.accept()
    threading.Event().wait(0.5)
    conn.close()
t = threading.Thread(target=accept_only)
t.start()
c = socket.create_connection(('127.0.0.1', 7023))
c.settimeout(0.1)
try:
    c.recv(10)
except TimeoutError as e:
    print('recv timed out:', e)
t.join()
print(c.recv(10))
c.close()
srv.close()
