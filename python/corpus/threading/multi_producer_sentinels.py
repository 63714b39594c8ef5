# Checks two producers and two consumers with one sentinel per consumer; every item consumed exactly once. [QUE-7]
import queue
import threading
q = queue.Queue(maxsize=3)
consumed = []
lock = threading.Lock()
def producer(base):
    for i in range(5):
        q.put(base + i)
def consumer():
    while (item := q.get()) is not None:
        with lock:
            consumed.append(item)
producers = [threading.Thread(target=producer, args=(b,)) for b in (0, 100)]
consumers = [threading.Thread(target=consumer) for _ in range(2)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
for _ in consumers:
    q.put(None)
for t in consumers:
    t.join()
print(sorted(consumed))
