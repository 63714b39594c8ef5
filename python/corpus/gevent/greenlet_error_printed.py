# A greenlet's uncaught error: gevent's hub prints its traceback, then `TIME <Greenlet at ADDR: f(3)> failed with NAME`, to the hub's exception_stream; the program goes on [GEV-5]
import sys
import gevent


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


def f(x):
    print('f starts', x)
    return x / 0


def sleeper():
    gevent.sleep(1)


g = gevent.spawn(f, 3)
print('before the switch', file=sys.stderr)
gevent.sleep(0)
print('main goes on', file=sys.stderr)
print('main goes on')
k = gevent.spawn(sleeper)
gevent.sleep(0)
k.kill()  # a killed greenlet (GreenletExit) prints nothing
print('killed', k.dead, repr(k.exception), file=sys.stderr)
g.join()
print(g.ready(), g.successful(), repr(g.exception))
print('end', file=sys.stderr)
