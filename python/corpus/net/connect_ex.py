# connect_ex returns an errno instead of raising
import socket

s = socket.socket()
print(s.connect_ex(('127.0.0.1', 5)))
s.close()
a = socket.socket()
a.bind(('127.0.0.1', 7013))
a.listen()
b = socket.socket()
print(b.connect_ex(('127.0.0.1', 7013)))
b.close()
a.close()
