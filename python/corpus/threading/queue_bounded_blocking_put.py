# Checks put() on a full bounded queue blocks until a consumer takes an item. [QUE-3]
import queue
import threading
import time
q = queue.Queue(maxsize=1)
log = []
taken = []
def slow_consumer():
    time.sleep(0.2)
    log.append('consumer takes one')
    taken.append(q.get())
    time.sleep(0.1)
    log.append('consumer takes another')
    taken.append(q.get())
t = threading.Thread(target=slow_consumer)
t.start()
q.put('a')
log.append('put a')
q.put('b')
log.append('put b (after the first get)')
t.join()
print(log)
print(taken)
