# Two failing greenlets, one named, one with keyword arguments: each failure printed in the order they fail, before link_exception callbacks run; joinall(raise_error=True) still raises the first [GEV-5]
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


def lookup(d, key):
    gevent.sleep(0.01)
    return d[key]


def parse(text, base=10):
    try:
        return int(text, base)
    except ValueError:
        raise RuntimeError('cannot parse %r' % text)


a = gevent.spawn(lookup, {'x': 1}, 'y')
b = gevent.spawn(parse, 'zz', base=8)
b.name = 'parser'
ok = gevent.spawn(lookup, {'x': 1}, 'x')
for g in (a, b):
    g.link_exception(lambda g: print('link_exception', repr(g.exception), file=sys.stderr))
try:
    gevent.joinall([a, b, ok], raise_error=True)
except Exception as e:
    print('joinall raised', repr(e), file=sys.stderr)
gevent.joinall([a, b, ok])
print([g.successful() for g in (a, b, ok)], ok.value)
