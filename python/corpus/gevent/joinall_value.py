# joinall waits for all greenlets; value holds each return value [GEV-9]
import gevent
from gevent import spawn, joinall

def work(n):
    gevent.sleep(0.01 * (5 - n))
    return n * n

gs = [spawn(work, i) for i in range(5)]
done = joinall(gs)
print([g.value for g in gs])
print(len(done), all(g.ready() for g in gs))
