# select.poll: register a socket, poll with a millisecond timeout
import select
import socket

a = socket.socket()
a.bind(('127.0.0.1', 7008))
a.listen()
p = select.poll()
p.register(a, select.POLLIN)
print(p.poll(50))
b = socket.create_connection(('127.0.0.1', 7008))
ev = p.poll(1000)
print(len(ev), ev[0][1] & select.POLLIN != 0)
a.close()
b.close()
