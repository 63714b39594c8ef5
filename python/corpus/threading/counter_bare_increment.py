# Checks that a bare `counter += 1` on a global int loses no updates across threads on CPython 3.11 (issue 12).
import threading
counter = 0
def bump(n):
    global counter
    for _ in range(n):
        counter += 1
threads = [threading.Thread(target=bump, args=(50000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
