# gevent.lock.Semaphore limits concurrent holders [GEV-14]
import gevent
from gevent.lock import Semaphore, BoundedSemaphore

sem = Semaphore(2)
def worker(n):
    with sem:
        print('in', n)
        gevent.sleep(0.05)
        print('out', n)

gevent.joinall([gevent.spawn(worker, i) for i in range(4)])
print(sem.counter)
b = BoundedSemaphore(1)
b.acquire()
b.release()
try:
    b.release()
except ValueError as e:
    print('ValueError', e)
