# A thread per client: 20 clients each get their own echo back
import socket
import threading

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 8081))
srv.listen(50)

def handle(conn):
    with conn:
        data = conn.recv(1024)
        conn.sendall(data.upper())

def acceptor(n):
    for _ in range(n):
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,)).start()

replies = []
def client(i):
    c = socket.create_connection(('127.0.0.1', 8081))
    c.sendall(('client %d' % i).encode())
    replies.append(c.recv(1024).decode())
    c.close()

a = threading.Thread(target=acceptor, args=(20,))
a.start()
ts = [threading.Thread(target=client, args=(i,)) for i in range(20)]
for t in ts:
    t.start()
for t in ts:
    t.join()
a.join()
print(len(replies), sorted(replies)[:3])
srv.close()
