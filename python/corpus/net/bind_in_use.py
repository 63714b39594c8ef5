# Binding a listening port twice raises OSError [Errno 98] Address already in use
import socket

a = socket.socket()
a.bind(('127.0.0.1', 7004))
a.listen()
b = socket.socket()
try:
    b.bind(('127.0.0.1', 7004))
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror)
a.close()
b.close()
