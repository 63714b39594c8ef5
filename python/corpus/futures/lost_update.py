# Threads in a pool doing read-modify-write through a function call: joined counts [TPE-4]
from concurrent.futures import ThreadPoolExecutor
import threading

lock = threading.Lock()
counts = {'n': 0}
def bump(d, k):
    with lock:
        d[k] = d[k] + 1

with ThreadPoolExecutor(4) as ex:
    for _ in range(200):
        ex.submit(bump, counts, 'n')
print(counts)
