# wait() with ALL_COMPLETED returns every future in done [WAT-1]
from concurrent.futures import ThreadPoolExecutor, wait, ALL_COMPLETED
import time

def work(n):
    time.sleep(0.05 * n)
    return n

with ThreadPoolExecutor(3) as ex:
    fs = [ex.submit(work, i) for i in range(3)]
    done, not_done = wait(fs, return_when=ALL_COMPLETED)
    print(len(done), len(not_done))
    print(sorted(f.result() for f in done))
