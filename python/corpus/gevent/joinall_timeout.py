# joinall(timeout) returns the greenlets finished by then [GEV-9]
import gevent

def work(d):
    gevent.sleep(d)
    return d

gs = [gevent.spawn(work, d) for d in (0.05, 0.5, 0.1)]
done = gevent.joinall(gs, timeout=0.2)
print(sorted(g.value for g in done))
print([g.ready() for g in gs])
