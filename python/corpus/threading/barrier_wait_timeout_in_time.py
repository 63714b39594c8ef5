# Checks Barrier.wait(timeout) succeeds when every party arrives before the timeout. [BAR-1] [BAR-3]
import threading
import time
b = threading.Barrier(3)
out = {}
def party(name, delay):
    time.sleep(delay)
    out[name] = b.wait(timeout=2)
threads = [threading.Thread(target=party, args=(n, d)) for n, d in [('x', 0.0), ('y', 0.05), ('z', 0.1)]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(out.values()), b.broken)
