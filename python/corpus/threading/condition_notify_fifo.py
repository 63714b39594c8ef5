# Checks notify() wakes waiters in the order they started waiting, one per call. [CND-3]
import threading
import time
c = threading.Condition()
woken = []
def waiter(name):
    with c:
        c.wait()
        woken.append(name)
threads = []
for name in ['first', 'second', 'third']:
    t = threading.Thread(target=waiter, args=(name,))
    t.start()
    threads.append(t)
    time.sleep(0.05)
for _ in range(3):
    with c:
        c.notify()
    time.sleep(0.05)
for t in threads:
    t.join()
print(woken)
