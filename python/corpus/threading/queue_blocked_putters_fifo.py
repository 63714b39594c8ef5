# Checks producers blocked on a full queue are released in the order they blocked (Condition FIFO). [CND-3] [QUE-3]
import queue
import threading
import time
q = queue.Queue(maxsize=1)
q.put('initial')
def producer(name):
    q.put(name)
threads = []
for name in ['p1', 'p2', 'p3']:
    t = threading.Thread(target=producer, args=(name,))
    t.start()
    threads.append(t)
    time.sleep(0.1)
got = []
for _ in range(4):
    got.append(q.get())
    time.sleep(0.1)
for t in threads:
    t.join()
print(got)
