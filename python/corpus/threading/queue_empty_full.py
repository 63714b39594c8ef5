# Checks queue.Empty and queue.Full from nowait calls and timeouts. [QUE-2] [QUE-3]
import queue
import time
q = queue.Queue(maxsize=2)
try:
    q.get_nowait()
except queue.Empty as e:
    print('Empty', repr(e))
try:
    q.get(False)
except queue.Empty:
    print('Empty from get(False)')
start = time.monotonic()
try:
    q.get(timeout=0.05)
except queue.Empty:
    print('Empty after timeout', time.monotonic() - start >= 0.04)
q.put(1); q.put(2)
print(q.full(), q.qsize())
try:
    q.put_nowait(3)
except queue.Full:
    print('Full')
try:
    q.put(3, timeout=0.05)
except queue.Full:
    print('Full after timeout')
print(q.get(), q.get(), q.empty())
