# Checks Queue.join with several daemon workers: join returns once all tasks are done, then main exits. [QUE-5]
import queue
import threading
q = queue.Queue()
done = []
lock = threading.Lock()
def worker():
    while True:
        n = q.get()
        with lock:
            done.append(n * n)
        q.task_done()
for _ in range(3):
    threading.Thread(target=worker, daemon=True).start()
for n in range(12):
    q.put(n)
q.join()
print(sorted(done))
print('exiting with daemon workers still blocked in get()')
