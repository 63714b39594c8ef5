# from socket import * brings socket, AF_INET, SOCK_STREAM and the option constants
from socket import *

s = socket(AF_INET, SOCK_STREAM)
s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
print(AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, IPPROTO_TCP, TCP_NODELAY)
print(s.getsockopt(SOL_SOCKET, SO_REUSEADDR) != 0)
s.close()
