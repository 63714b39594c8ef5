# Checks waiters with different timeouts on one Event: short ones time out, long ones see the set. [EVT-3] [EVT-5]
import threading
import time
e = threading.Event()
results = {}
def waiter(name, timeout):
    results[name] = e.wait(timeout)
threads = [threading.Thread(target=waiter, args=(n, t)) for n, t in [('short', 0.05), ('long', 2), ('none', None)]]
for t in threads:
    t.start()
time.sleep(0.25)
print('before set:', sorted(results.items()))
e.set()
for t in threads:
    t.join()
print('after set:', sorted(results.items()))
