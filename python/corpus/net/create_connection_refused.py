# socket.create_connection raises the same ConnectionRefusedError
import socket

try:
    socket.create_connection(('127.0.0.1', 1))
except ConnectionRefusedError as e:
    print(e)
