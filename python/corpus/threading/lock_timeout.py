# Checks acquire(timeout=t) on a held lock returns False after about t, and True once released. [LCK-4]
import threading
import time
lock = threading.Lock()
lock.acquire()
results = []
timed_out = threading.Event()
def try_acquire():
    start = time.monotonic()
    results.append(lock.acquire(timeout=0.1))
    results.append(time.monotonic() - start >= 0.09)
    timed_out.set()
    results.append(lock.acquire(timeout=2))
    lock.release()
t = threading.Thread(target=try_acquire)
t.start()
timed_out.wait()
time.sleep(0.05)
lock.release()
t.join()
print(results)
