# Checks release(n) adds n and wakes up to n waiters; a plain Semaphore may grow past its initial value. [SEM-3] [SEM-4]
import threading
import time
s = threading.Semaphore(0)
got = []
lock = threading.Lock()
def taker(i):
    s.acquire()
    with lock:
        got.append(i)
threads = [threading.Thread(target=taker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
time.sleep(0.05)
s.release(3)
deadline = time.monotonic() + 2
while len(got) < 3 and time.monotonic() < deadline:
    time.sleep(0.01)
time.sleep(0.1)
print('after release(3):', len(got))
s.release(2)
for t in threads:
    t.join()
print('all taken:', sorted(got), 'left over:', s.acquire(False), s.acquire(False))
s.release(); s.release(); s.release()
print([s.acquire(False) for _ in range(4)])
