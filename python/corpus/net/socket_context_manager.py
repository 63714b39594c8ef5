# with socket.socket() as s: closes it at the end
import socket

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind(('127.0.0.1', 7014))
    print(s.fileno() >= 0)
print(s.fileno())
