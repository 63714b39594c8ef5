# A greenlet that raises: join does not raise, exception holds it, get() re-raises [GEV-5]
import gevent
gevent.get_hub().exception_stream = None  # gevent would print failures with an address and a time

def boom():
    raise ValueError('nope')

g = gevent.spawn(boom)
g.join()
print(g.ready(), g.successful(), g.value, repr(g.exception))
try:
    g.get()
except ValueError as e:
    print('get raised', e)
