# A greenlet that releases and re-acquires before the hub runs takes the unit back: waiters are notified from the hub [GEV-14]
import gevent
from gevent.lock import Semaphore

sem = Semaphore(1)
log = []
def greedy():
    for i in range(3):
        sem.acquire()
        log.append(('greedy', i))
        gevent.sleep(0.01)
        sem.release()
        log.append(('greedy released', i))

def polite(n):
    sem.acquire()
    log.append(('polite', n))
    sem.release()

gs = [gevent.spawn(greedy)] + [gevent.spawn(polite, n) for n in range(2)]
gevent.joinall(gs)
for entry in log:
    print(*entry)
print(sem.counter)
