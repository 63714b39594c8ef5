# joinall(raise_error=True) raises the first failure [GEV-9]
import gevent
gevent.get_hub().exception_stream = None  # gevent would print failures with an address and a time

def ok():
    gevent.sleep(0.1)
    return 'ok'

def bad():
    gevent.sleep(0.05)
    raise KeyError('bad')

gs = [gevent.spawn(ok), gevent.spawn(bad)]
try:
    gevent.joinall(gs, raise_error=True)
except KeyError as e:
    print('KeyError', e)
gevent.joinall(gs)
print(gs[0].value)
