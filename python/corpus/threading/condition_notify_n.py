# Checks notify(n) wakes at most n waiters and notify_all wakes the rest. [CND-4]
import threading
import time
c = threading.Condition()
waiting = threading.Semaphore(0)
woken = []
def waiter(i):
    with c:
        waiting.release()
        c.wait()
        woken.append(i)
threads = [threading.Thread(target=waiter, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for _ in threads:
    waiting.acquire()
with c:
    c.notify(2)
deadline = time.monotonic() + 2
while len(woken) < 2 and time.monotonic() < deadline:
    time.sleep(0.01)
time.sleep(0.1)
print('after notify(2):', len(woken))
with c:
    c.notify_all()
for t in threads:
    t.join()
print('after notify_all:', len(woken), sorted(woken))
