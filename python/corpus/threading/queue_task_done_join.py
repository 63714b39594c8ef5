# Checks task_done()/join(): join returns once every item is marked done; one extra task_done raises. [QUE-5]
import queue
import threading
q = queue.Queue()
processed = []
def worker():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        processed.append(item * 10)
        q.task_done()
t = threading.Thread(target=worker)
t.start()
for i in range(5):
    q.put(i)
q.join()
print('joined, processed:', processed)
q.put(None)
t.join()
print('unfinished:', q.unfinished_tasks)
try:
    q.task_done()
except ValueError as e:
    print('ValueError:', e)
