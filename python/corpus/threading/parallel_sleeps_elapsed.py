# Checks that sleeps in separate threads overlap: three 0.2 s sleeps take about 0.2 s, not 0.6 s.
import threading
import time
def nap():
    time.sleep(0.2)
start = time.monotonic()
threads = [threading.Thread(target=nap) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - start
print('overlapped:', 0.19 <= elapsed < 0.5)
start = time.monotonic()
for _ in range(2):
    nap()
print('sequential:', time.monotonic() - start >= 0.39)
