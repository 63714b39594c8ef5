# Checks a Barrier is reusable: threads meet at it in several rounds. [BAR-2]
import threading
b = threading.Barrier(3)
rounds = []
lock = threading.Lock()
def worker(i):
    for r in range(3):
        with lock:
            rounds.append((r, i))
        b.wait()
threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
phases = [r for r, _ in rounds]
print(phases == sorted(phases), sorted(rounds))
