# Checks Barrier.wait returns distinct indices, the last arrival gets parties-1 and runs the action once. [BAR-1]
import threading
import time
order = []
def action():
    order.append(('action', threading.current_thread().name))
b = threading.Barrier(3, action=action)
indices = {}
def arrive(name, delay):
    time.sleep(delay)
    indices[name] = b.wait()
    order.append(('passed', name))
threads = [threading.Thread(target=arrive, args=(n, d), name=n) for n, d in [('a', 0.0), ('b', 0.1), ('c', 0.3)]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(indices.values()), indices['c'])
print(order[0], sorted(order[1:]))
print(b.parties, b.n_waiting, b.broken)
