# AsyncResult: get() waits for set(value) or set_exception [GEV-14]
import gevent
from gevent.event import AsyncResult

r = AsyncResult()
def producer():
    gevent.sleep(0.05)
    r.set('hello')

gevent.spawn(producer)
print(r.get())
r2 = AsyncResult()
gevent.spawn(lambda: r2.set_exception(ValueError('bad')))
try:
    r2.get()
except ValueError as e:
    print('raised', e)
print(r.ready(), r.successful(), r2.successful())
