# sleep(0) lets every ready greenlet run first, round robin [GEV-2]
import gevent

def worker(name):
    for i in range(3):
        print(name, i)
        gevent.sleep(0)

gevent.joinall([gevent.spawn(worker, n) for n in 'abc'])
