# Checks notify(n) wakes at most n waiters and notify_all wakes the rest. [CND-4]
import threading
import time
c = threading.Condition()
woken = []
def waiter(i):
    with c:
        c.wait()
        woken.append(i)
threads = [threading.Thread(target=waiter, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
time.sleep(0.1)
with c:
    c.notify(2)
time.sleep(0.1)
print('after notify(2):', len(woken))
with c:
    c.notify_all()
for t in threads:
    t.join()
print('after notify_all:', len(woken), sorted(woken))
