# Checks Condition.wait(timeout) returns False on timeout, True when notified, and re-acquires the lock. [CND-2]
import threading
import time
c = threading.Condition()
with c:
    print('timeout ->', c.wait(0.05))
    print('zero ->', c.wait(0), 'negative ->', c.wait(-1))
results = []
def waiter():
    with c:
        results.append(c.wait(2))
        c.notify()
        results.append('lock held again')
t = threading.Thread(target=waiter)
t.start()
time.sleep(0.1)
with c:
    c.notify()
t.join()
print('notified ->', results)
