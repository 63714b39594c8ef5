# Operations on a closed socket raise OSError [Errno 9] Bad file descriptor
import socket

s = socket.socket()
s.close()
try:
    s.send(b'x')
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror)
print(s.fileno())
