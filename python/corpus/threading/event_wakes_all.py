# Checks set() wakes every waiter and each returns True. [EVT-5]
import threading
import time
e = threading.Event()
results = {}
def waiter(i):
    results[i] = e.wait(2)
threads = [threading.Thread(target=waiter, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
time.sleep(0.05)
print('waiting before set:', len(results))
e.set()
for t in threads:
    t.join()
print(sorted(results.items()))
