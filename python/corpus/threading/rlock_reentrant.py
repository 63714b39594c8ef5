# Checks RLock re-entrancy, the recursion count, and releasing too many times. [RLK-1]
import threading
r = threading.RLock()
print(r.acquire(), r.acquire(), r.acquire(blocking=False))
r.release(); r.release(); r.release()
try:
    r.release()
except RuntimeError as e:
    print('RuntimeError:', e)
def recurse(n):
    with r:
        return 0 if n == 0 else 1 + recurse(n - 1)
print(recurse(5))
