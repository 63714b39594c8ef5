# Checks maxsize 0 or negative means unbounded and full() is always False. [QUE-6]
import queue
for size in (0, -3):
    q = queue.Queue(maxsize=size)
    for i in range(100):
        q.put_nowait(i)
    print(size, q.qsize(), q.full(), q.maxsize)
