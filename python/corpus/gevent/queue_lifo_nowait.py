# gevent.queue: LifoQueue order, get_nowait/put_nowait raising Empty/Full at once [GEV-14]
import gevent
from gevent.queue import Queue, LifoQueue, Empty, Full

l = LifoQueue()
for i in range(3):
    l.put(i)
print([l.get() for _ in range(3)])
q = Queue(maxsize=2)
q.put_nowait('a')
q.put_nowait('b')
try:
    q.put_nowait('c')
except Full:
    print('Full', q.full(), q.qsize())
print(q.get_nowait(), q.get_nowait(), q.empty())
try:
    q.get_nowait()
except Empty:
    print('Empty')
