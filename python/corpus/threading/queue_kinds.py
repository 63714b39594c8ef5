# Checks Queue is FIFO, LifoQueue LIFO and PriorityQueue smallest-first. [QUE-1]
import queue
for cls in (queue.Queue, queue.LifoQueue, queue.PriorityQueue):
    q = cls()
    for item in [3, 1, 4, 1, 5]:
        q.put(item)
    print(cls.__name__, [q.get() for _ in range(q.qsize())], q.empty())
pq = queue.PriorityQueue()
for prio, task in [(2, 'write'), (1, 'read'), (3, 'sleep'), (1, 'eat')]:
    pq.put((prio, task))
print([pq.get() for _ in range(4)])
