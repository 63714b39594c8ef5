# send and sendall refuse str with TypeError
import socket

a = socket.socket()
a.bind(('127.0.0.1', 7012))
a.listen()
b = socket.create_connection(('127.0.0.1', 7012))
try:
    b.send('text')
except TypeError as e:
    print('TypeError:', e)
b.close()
a.close()
