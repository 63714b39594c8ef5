# Checks Barrier.n_waiting counts arrivals as threads reach the barrier at distinct times. [BAR-5]
import threading
import time
b = threading.Barrier(4)
def arrive(delay):
    time.sleep(delay)
    b.wait()
threads = [threading.Thread(target=arrive, args=(d,)) for d in (0.0, 0.2, 0.4)]
for t in threads:
    t.start()
samples = []
for _ in range(3):
    time.sleep(0.1)
    samples.append(b.n_waiting)
    time.sleep(0.1)
print(samples)
print('main index:', b.wait(), 'waiting now:', b.n_waiting)
for t in threads:
    t.join()
