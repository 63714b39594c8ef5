# as_completed(timeout) raises TimeoutError for futures not done in time [ASC-2]
from concurrent.futures import ThreadPoolExecutor, as_completed, TimeoutError
import time

def work(n):
    time.sleep(n)
    return n

with ThreadPoolExecutor(2) as ex:
    fs = [ex.submit(work, 0.05), ex.submit(work, 1)]
    try:
        for f in as_completed(fs, timeout=0.3):
            print('got', f.result())
    except TimeoutError as e:
        print('TimeoutError:', e)
