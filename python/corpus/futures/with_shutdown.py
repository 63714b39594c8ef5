# `with ThreadPoolExecutor()` shuts down and waits for queued work at the end of the block [TPE-8] [TPE-6]
from concurrent.futures import ThreadPoolExecutor
import time

out = []
def work(n):
    time.sleep(0.05 * n)
    out.append(n)
    return n

with ThreadPoolExecutor(2) as ex:
    for i in range(5):
        ex.submit(work, i)
    print('submitted')
print(sorted(out))
