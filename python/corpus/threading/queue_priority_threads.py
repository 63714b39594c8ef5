# Checks a PriorityQueue filled by two producers and drained after both finish, in priority order. [QUE-1]
import queue
import threading
pq = queue.PriorityQueue()
def producer(tasks):
    for t in tasks:
        pq.put(t)
a = threading.Thread(target=producer, args=([(3, 'c'), (1, 'a'), (5, 'e')],))
b = threading.Thread(target=producer, args=([(2, 'b'), (4, 'd'), (0, 'z')],))
a.start(); b.start()
a.join(); b.join()
print([pq.get_nowait()[1] for _ in range(pq.qsize())])
