# Executor.map(timeout) raises TimeoutError when a result is late [MAP-4]
from concurrent.futures import ThreadPoolExecutor, TimeoutError
import time

def work(n):
    time.sleep(n)
    return n

with ThreadPoolExecutor(2) as ex:
    try:
        for r in ex.map(work, [0.05, 1.0], timeout=0.3):
            print('result', r)
    except TimeoutError:
        print('TimeoutError')
