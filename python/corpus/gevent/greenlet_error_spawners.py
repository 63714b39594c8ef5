# Failures printed by the hub whatever spawned the greenlet: spawn_later, Greenlet(...).start(), Pool.spawn, Group.spawn; a greenlet without arguments shows as `f`, not `f()` [GEV-5]
import sys
import gevent
from gevent.pool import Group, Pool


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




def fail():
    raise KeyError('no args')


def div(a, b):
    return a // b


later = gevent.spawn_later(0.01, div, 1, 0)
made = gevent.Greenlet(div, 7, b=0)
made.start()
pool = Pool(2)
p = pool.spawn(fail)
group = Group()
q = group.spawn(div, 'x', 2)
print('spawned', file=sys.stderr)
pool.join()
group.join()
later.join()
made.join()
print([type(g.exception).__name__ for g in (later, made, p, q)])
print('done', file=sys.stderr)
