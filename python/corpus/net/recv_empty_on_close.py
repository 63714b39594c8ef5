# recv returns b'' once the peer has closed its side
import socket

srv = socket.socket()
srv.bind(('127.0.0.1', 7010))
srv.listen()
c = socket.create_connection(('127.0.0.1', 7010))
conn, addr = srv.accept()
print(addr[0], conn.getsockname())
c.sendall(b'last words')
c.close()
print(conn.recv(100))
print(conn.recv(100))
conn.close()
srv.close()
