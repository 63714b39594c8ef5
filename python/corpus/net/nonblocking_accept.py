# A non-blocking accept with no client pending raises BlockingIOError [Errno 11]
import socket

s = socket.socket()
s.bind(('127.0.0.1', 7001))
s.listen()
s.setblocking(False)
try:
    s.accept()
except BlockingIOError as e:
    print('BlockingIOError', e.errno, e)
print(s.getblocking(), s.gettimeout())
s.close()
