# Each greenlet has its own recursion depth (greenlet saves it at every switch); 600 suspended greenlets do not add up
import gevent
def walk(n):
    try:
        return walk(n + 1)
    except RecursionError:
        return n
def t(tag):
    print(tag, walk(0))
def parked():
    def inner():
        gevent.sleep(0.1)
    inner()
gs = [gevent.spawn(parked) for _ in range(600)]
gevent.sleep(0)
print('main', walk(0))
gevent.joinall(gs)
print(all(g.successful() for g in gs))
