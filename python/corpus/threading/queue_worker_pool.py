# Checks several worker threads draining a shared queue; results collected and sorted. [QUE-7]
import queue
import threading
tasks = queue.Queue()
results = queue.Queue()
def worker():
    while True:
        n = tasks.get()
        if n is None:
            return
        results.put((n, n ** 3, threading.current_thread().name.startswith('pool-')))
pool = [threading.Thread(target=worker, name=f'pool-{i}') for i in range(3)]
for t in pool:
    t.start()
for n in range(10):
    tasks.put(n)
for _ in pool:
    tasks.put(None)
for t in pool:
    t.join()
out = sorted(results.get() for _ in range(results.qsize()))
print(out)
