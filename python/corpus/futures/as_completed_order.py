# as_completed yields futures in the order they finish [ASC-1]
from concurrent.futures import ThreadPoolExecutor, as_completed
import time

def work(n):
    time.sleep(n / 10)
    return n

with ThreadPoolExecutor(4) as ex:
    fs = [ex.submit(work, n) for n in (3, 1, 4, 2)]
    print([f.result() for f in as_completed(fs)])
