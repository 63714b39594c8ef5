# A greenlet's recursion depth does not depend on how deep the spawner is
import gevent, sys
def walk(n):
    try:
        return walk(n + 1)
    except RecursionError:
        return n
def t(tag):
    print(tag, walk(0))
def deep(k):
    if k: return deep(k - 1)
    g = gevent.spawn(t, 'deep-spawn'); g.join()
g = gevent.spawn(t, 'top'); g.join()
deep(20)
g = gevent.spawn(t, 'top-again'); g.join()
gevent.spawn(t, 'later'); gevent.sleep(0.01)
