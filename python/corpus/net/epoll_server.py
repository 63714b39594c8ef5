# An epoll loop: register, poll, EPOLLIN events for the listener and connections
import select
import socket
import threading

srv = socket.socket()
srv.bind(('127.0.0.1', 7007))
srv.listen()
srv.setblocking(False)
ep = select.epoll()
ep.register(srv.fileno(), select.EPOLLIN)
conns = {}

def client(out):
    c = socket.create_connection(('127.0.0.1', 7007))
    c.sendall(b'ping')
    out.append(c.recv(10))
    c.close()

out = []
t = threading.Thread(target=client, args=(out,))
t.start()
done = False
while not done:
    for fd, ev in ep.poll(1):
        if fd == srv.fileno():
            conn, _ = srv.accept()
            ep.register(conn.fileno(), select.EPOLLIN)
            conns[conn.fileno()] = conn
        else:
            conn = conns[fd]
            data = conn.recv(10)
            if data:
                conn.sendall(data.replace(b'i', b'o'))
            else:
                ep.unregister(fd)
                conn.close()
                done = True
t.join()
ep.close()
print(out, select.EPOLLIN)
srv.close()
