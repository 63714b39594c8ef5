# Checks that threads sleeping clearly distinct durations wake in duration order.
import threading
import time
order = []
lock = threading.Lock()
def sleeper(name, seconds):
    time.sleep(seconds)
    with lock:
        order.append(name)
    print(name, 'woke')
threads = [threading.Thread(target=sleeper, args=(n, s)) for n, s in [('slow', 0.6), ('fast', 0.05), ('mid', 0.3)]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(order)
