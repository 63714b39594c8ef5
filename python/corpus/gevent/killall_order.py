# killall throws into each greenlet in turn from one hub callback; each runs until it blocks before the next [GEV-8]
import gevent

log = []
def work(n):
    try:
        gevent.sleep(1)
    except gevent.GreenletExit:
        log.append(('exit', n))
        gevent.sleep(0)
        log.append(('after sleep', n))
        raise

def bystander():
    log.append(('bystander',))

gs = [gevent.spawn(work, i) for i in range(3)]
gevent.sleep(0)
gevent.spawn(bystander)
gevent.killall(gs)
print(log)
print([g.dead for g in gs], [type(g.value).__name__ for g in gs])
