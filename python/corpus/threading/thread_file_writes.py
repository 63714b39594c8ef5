# Checks threads appending to one file under a lock; the main thread reads it back sorted.
import threading
lock = threading.Lock()
def log_line(i):
    with lock:
        with open('log.txt', 'a') as f:
            f.write(f'line from worker {i}\n')
threads = [threading.Thread(target=log_line, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open('log.txt') as f:
    lines = f.read().splitlines()
print(len(lines), sorted(lines))
