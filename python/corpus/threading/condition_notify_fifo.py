# Checks notify() wakes waiters in the order they started waiting, one per call. [CND-3]
import threading
import time
c = threading.Condition()
woken = []
def waiter(name, waiting):
    with c:
        waiting.set()
        c.wait()
        woken.append(name)
threads = []
for name in ['first', 'second', 'third']:
    waiting = threading.Event()
    t = threading.Thread(target=waiter, args=(name, waiting))
    t.start()
    waiting.wait()
    with c:
        pass
    threads.append(t)
for expected in range(1, 4):
    with c:
        c.notify()
    while len(woken) < expected:
        time.sleep(0.01)
for t in threads:
    t.join()
print(woken)
