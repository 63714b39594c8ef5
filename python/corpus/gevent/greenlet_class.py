# Greenlet(run, *args) then start(); ready/successful/value follow [GEV-10]
import gevent
from gevent import Greenlet

def add(a, b):
    gevent.sleep(0.01)
    return a + b

g = Greenlet(add, 2, 3)
print(g.ready(), g.started)
g.start()
print(g.started)
g.join()
print(g.value, g.ready(), g.successful(), g.started)
g2 = Greenlet.spawn(add, 10, 20)
print(g2.get())
