# connect to a port nobody listens on raises ConnectionRefusedError [Errno 111]
import socket

s = socket.socket()
try:
    s.connect(('127.0.0.1', 9))
except ConnectionRefusedError as e:
    print(type(e).__name__, e.errno, e.strerror)
    print(isinstance(e, OSError), isinstance(e, ConnectionError))
s.close()
