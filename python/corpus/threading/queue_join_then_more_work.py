# Checks Queue.join can be used for several batches, unfinished_tasks returning to 0 each time. [QUE-5]
import queue
import threading
q = queue.Queue()
done = []
def worker():
    while True:
        item = q.get()
        done.append(item)
        q.task_done()
threading.Thread(target=worker, daemon=True).start()
for batch in ([1, 2, 3], [4, 5]):
    for item in batch:
        q.put(item)
    q.join()
    print('batch done:', sorted(done), 'unfinished:', q.unfinished_tasks)
