# sendall delivers a large message completely; the receiver loops on recv
import socket
import threading

srv = socket.socket()
srv.bind(('127.0.0.1', 7011))
srv.listen()
total = []
def reader():
    conn, _ = srv.accept()
    n = 0
    while True:
        d = conn.recv(65536)
        if not d:
            break
        n += len(d)
    total.append(n)
    conn.close()
t = threading.Thread(target=reader)
t.start()
c = socket.create_connection(('127.0.0.1', 7011))
c.sendall(b'a' * 1000000)
c.close()
t.join()
print(total)
srv.close()
