# spawn passes positional and keyword arguments [GEV-1]
import gevent

def f(a, b=0, *, c=1):
    return a + b + c

print(gevent.spawn(f, 1).get(), gevent.spawn(f, 1, 2).get(), gevent.spawn(f, 1, b=2, c=3).get())
