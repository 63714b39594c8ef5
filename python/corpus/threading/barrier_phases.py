# Checks a Barrier separating two phases: no thread starts phase 2 before all finished phase 1. [BAR-1]
import threading
import time
b = threading.Barrier(3)
events = []
lock = threading.Lock()
def worker(i, delay):
    time.sleep(delay)
    with lock:
        events.append(('phase1', i))
    b.wait()
    with lock:
        events.append(('phase2', i))
threads = [threading.Thread(target=worker, args=(i, d)) for i, d in enumerate([0.1, 0.0, 0.05])]
for t in threads:
    t.start()
for t in threads:
    t.join()
phases = [p for p, _ in events]
print(phases)
print(sorted(i for p, i in events if p == 'phase2'))
