# shutdown(cancel_futures=True) cancels the queued futures; running ones finish [TPE-7]
from concurrent.futures import ThreadPoolExecutor
import time

def work(n):
    time.sleep(0.1)
    return n

ex = ThreadPoolExecutor(1)
fs = [ex.submit(work, i) for i in range(5)]
time.sleep(0.02)
ex.shutdown(wait=True, cancel_futures=True)
print([f.cancelled() for f in fs])
print(fs[0].result())
