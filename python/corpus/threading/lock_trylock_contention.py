# Checks non-blocking acquire from a second thread fails while the first holds the lock, then succeeds.
import threading
lock = threading.Lock()
holding = threading.Event()
release = threading.Event()
tries = []
def holder():
    with lock:
        holding.set()
        release.wait()
h = threading.Thread(target=holder)
h.start()
holding.wait()
tries.append(lock.acquire(blocking=False))
release.set()
h.join()
tries.append(lock.acquire(blocking=False))
print(tries, lock.locked())
