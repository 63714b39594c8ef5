# settimeout makes accept raise socket.timeout (TimeoutError) when nobody connects
import socket

s = socket.socket()
s.bind(('127.0.0.1', 7002))
s.listen()
s.settimeout(0.2)
try:
    s.accept()
except socket.timeout as e:
    print('timeout:', e, type(e).__name__, socket.timeout is TimeoutError)
print(s.gettimeout())
s.close()
