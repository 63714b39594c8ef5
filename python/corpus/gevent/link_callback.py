# link(cb) runs cb with the greenlet after it finishes, in the hub [GEV-11]
import gevent

def work(n):
    gevent.sleep(0.01)
    return n * 2

def cb(g):
    print('linked', g.value)

g = gevent.spawn(work, 21)
g.link(cb)
print('linked now')
g.join()
gevent.sleep(0)
print('end')
