# Checks Condition.wait(timeout) returns False on timeout, True when notified, and re-acquires the lock. [CND-2]
import threading
c = threading.Condition()
with c:
    print('timeout ->', c.wait(0.05))
    print('zero ->', c.wait(0), 'negative ->', c.wait(-1))
results = []
about_to_wait = threading.Event()
def waiter():
    with c:
        about_to_wait.set()
        results.append(c.wait(2))
        c.notify()
        results.append('lock held again')
t = threading.Thread(target=waiter)
t.start()
about_to_wait.wait()
with c:
    c.notify()
t.join()
print('notified ->', results)
