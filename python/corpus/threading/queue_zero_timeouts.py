# Checks get(timeout=0) and put(timeout=0) raise Empty/Full at once instead of blocking. [QUE-2] [QUE-3]
import queue
import time
q = queue.Queue(maxsize=1)
start = time.monotonic()
try:
    q.get(timeout=0)
except queue.Empty:
    print('Empty at once')
q.put('x', timeout=0)
try:
    q.put('y', timeout=0)
except queue.Full:
    print('Full at once')
print(q.get(timeout=0), time.monotonic() - start < 0.5)
