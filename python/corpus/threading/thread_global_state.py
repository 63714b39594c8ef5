# Checks threads updating globals declared `global`, each under a lock, with the result read after join.
import threading
total = 0
names = []
lock = threading.Lock()
def add(name, n):
    global total
    with lock:
        total += n
        names.append(name)
threads = [threading.Thread(target=add, args=(f't{i}', i * 10)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(total, sorted(names))
