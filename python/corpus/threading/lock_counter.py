# Checks a Lock protecting a shared read-modify-write across threads gives the exact total.
import threading
counts = {'n': 0}
lock = threading.Lock()
def add(times):
    for _ in range(times):
        with lock:
            counts['n'] = counts.get('n', 0) + 1
threads = [threading.Thread(target=add, args=(2000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counts['n'])
