# link_value fires only on success, link_exception only on failure [GEV-11]
import gevent
gevent.get_hub().exception_stream = None  # gevent would print failures with an address and a time

def ok():
    return 'fine'

def bad():
    raise RuntimeError('broke')

g1 = gevent.spawn(ok)
g2 = gevent.spawn(bad)
for g in (g1, g2):
    g.link_value(lambda g: print('value', g.value))
    g.link_exception(lambda g: print('exception', repr(g.exception)))
gevent.joinall([g1, g2])
gevent.sleep(0)
