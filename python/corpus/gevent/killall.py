# killall kills every greenlet; those not yet run never run [GEV-8]
import gevent

def work(n):
    try:
        gevent.sleep(1)
    except gevent.GreenletExit:
        print('killed', n)
        raise

gs = [gevent.spawn(work, i) for i in range(3)]
gevent.sleep(0)
gevent.killall(gs)
print([g.dead for g in gs])
