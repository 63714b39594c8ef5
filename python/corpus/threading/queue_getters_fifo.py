# Checks consumers blocked in get() are served in the order they started waiting. [CND-3] [QUE-7]
import queue
import threading
import time
q = queue.Queue()
served = []
def consumer(name):
    served.append((name, q.get()))
threads = []
for name in ['c1', 'c2', 'c3']:
    t = threading.Thread(target=consumer, args=(name,))
    t.start()
    threads.append(t)
    time.sleep(0.1)
for item in ['first', 'second', 'third']:
    q.put(item)
    time.sleep(0.1)
for t in threads:
    t.join()
print(served)
