# Executor.map submits every call at once, before the first result is asked for [MAP-6]
from concurrent.futures import ThreadPoolExecutor
import time

started = []
def work(n):
    started.append(n)
    return n

with ThreadPoolExecutor(4) as ex:
    it = ex.map(work, range(4))
    time.sleep(0.1)
    print(sorted(started))
    print(list(it))
