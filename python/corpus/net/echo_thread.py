# A threaded echo server and one client: send, recv, close ends the server loop
import socket
import threading

def serve(srv):
    conn, addr = srv.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data.upper())
    print('server: client closed')

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 8080))
srv.listen(5)
t = threading.Thread(target=serve, args=(srv,))
t.start()
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.connect(('127.0.0.1', 8080))
for msg in (b'hello', b'world'):
    c.send(msg)
    print(c.recv(1024))
c.close()
t.join()
srv.close()
