# A StreamServer handler that raises: gevent prints the failure of the handler's greenlet (its traceback through baseserver's _handle_and_close_when_done) and closes the connection; the server goes on [GSV-1] [GEV-5]
import sys
import gevent
from gevent import socket
from gevent.server import StreamServer


def mask(s):
    # gevent prints a time and addresses, which vary between runs: write them as TIME and 0x?
    if len(s) == 20 and s[4] == '-' and s[10] == 'T' and s.endswith('Z'):
        return 'TIME'
    out = ''
    i = 0
    while True:
        j = s.find('0x', i)
        if j < 0:
            return out + s[i:]
        k = j + 2
        while k < len(s) and s[k] in '0123456789abcdef':
            k += 1
        if k - j < 10:  # not an address
            k = j + 2
            out += s[i:k]
        else:
            out += s[i:j] + '0x?'
        i = k


class Stream:
    def write(self, s):
        sys.stderr.write(mask(s))


gevent.get_hub().exception_stream = Stream()




def handle(sock, address):
    data = sock.recv(100)
    if data == b'bad':
        raise ValueError('refused %r' % data)
    sock.sendall(b'echo:' + data)


server = StreamServer(('127.0.0.1', 8093), handle)
server.start()


def client(msg):
    c = socket.create_connection(('127.0.0.1', 8093))
    c.sendall(msg)
    r = c.recv(100)
    c.close()
    print('client', msg, 'got', r, file=sys.stderr)
    return r


print('first', client(b'bad'))
print('second', client(b'good'))
server.stop()
print('stopped', file=sys.stderr)
