# Checks queue.SimpleQueue and LifoQueue between threads, plus qsize/empty. [QUE-1] [QUE-2]
import queue
import threading
sq = queue.SimpleQueue()
lq = queue.LifoQueue()
def fill():
    for i in range(4):
        sq.put(i)
        lq.put(i)
t = threading.Thread(target=fill)
t.start()
t.join()
print(sq.qsize(), [sq.get() for _ in range(4)], sq.empty())
print([lq.get_nowait() for _ in range(4)], lq.empty())
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print('SimpleQueue empty')
