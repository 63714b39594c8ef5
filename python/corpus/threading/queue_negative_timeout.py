# Checks negative timeouts: get raises ValueError even with items, put only when bounded, block=False ignores them. [QUE-4]
import queue
q = queue.Queue()
q.put('x', timeout=-1)
print('unbounded put ignores the timeout, size', q.qsize())
try:
    q.get(timeout=-1)
except ValueError as e:
    print('ValueError:', e)
b = queue.Queue(maxsize=5)
try:
    b.put('y', timeout=-1)
except ValueError as e:
    print('ValueError:', e)
try:
    b.get(block=False, timeout=-1)
except queue.Empty:
    print('Empty, not ValueError')
print(q.get(block=False, timeout=-1))
