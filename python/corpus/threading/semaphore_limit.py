# Checks a Semaphore(2) lets exactly two threads in at once: pairs meet at a Barrier(2) inside it.
import threading
sem = threading.Semaphore(2)
pair = threading.Barrier(2)
lock = threading.Lock()
state = {'inside': 0, 'peak': 0, 'done': 0}
def worker():
    with sem:
        with lock:
            state['inside'] += 1
            state['peak'] = max(state['peak'], state['inside'])
        pair.wait()
        with lock:
            state['inside'] -= 1
            state['done'] += 1
threads = [threading.Thread(target=worker) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(state)
