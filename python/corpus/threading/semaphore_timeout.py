# Checks Semaphore.acquire timeouts: False after t, negative timeout polls without error. [SEM-5]
import threading
import time
s = threading.Semaphore(0)
start = time.monotonic()
print(s.acquire(timeout=0.05), time.monotonic() - start >= 0.04)
print(s.acquire(timeout=-5), s.acquire(False), s.acquire(timeout=0))
def later():
    time.sleep(0.05)
    s.release()
t = threading.Thread(target=later)
t.start()
print(s.acquire(timeout=2))
t.join()
