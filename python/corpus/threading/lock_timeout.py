# Checks acquire(timeout=t) on a held lock returns False after about t, and True once released. [LCK-4]
import threading
import time
lock = threading.Lock()
lock.acquire()
results = []
def try_acquire():
    start = time.monotonic()
    results.append(lock.acquire(timeout=0.1))
    results.append(time.monotonic() - start >= 0.09)
    results.append(lock.acquire(timeout=1))
    lock.release()
t = threading.Thread(target=try_acquire)
t.start()
time.sleep(0.3)
lock.release()
t.join()
print(results)
