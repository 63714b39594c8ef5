# gevent.queue: producer and two consumers, Empty/Full on timeouts, JoinableQueue.join [GEV-14]
import gevent
from gevent.queue import Queue, Empty, JoinableQueue

q = Queue()
def producer():
    for i in range(4):
        q.put(i)
        print('put', i)
        gevent.sleep(0.01)
    q.put(None)

def consumer(name):
    while True:
        item = q.get()
        if item is None:
            q.put(None)
            break
        print(name, 'got', item)

gevent.joinall([gevent.spawn(producer), gevent.spawn(consumer, 'a'), gevent.spawn(consumer, 'b')])
try:
    Queue().get(timeout=0.05)
except Empty:
    print('Empty')
b = Queue(1)
b.put(1)
try:
    b.put(2, timeout=0.05)
except Exception as e:
    print(type(e).__name__)
jq = JoinableQueue()
def worker():
    while True:
        x = jq.get()
        gevent.sleep(0.01)
        print('done', x)
        jq.task_done()
gevent.spawn(worker)
for i in range(3):
    jq.put(i)
jq.join()
print('joined', q.qsize(), len(b))
