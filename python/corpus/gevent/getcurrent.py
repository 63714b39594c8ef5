# gevent.getcurrent() is the running greenlet [GEV-10]
import gevent

def who():
    return gevent.getcurrent() is g

g = gevent.spawn(who)
print(g.get())
