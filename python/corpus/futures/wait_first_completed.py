# wait(FIRST_COMPLETED) returns as soon as one future is done [WAT-2]
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED
import time

def work(n):
    time.sleep(n)
    return n

with ThreadPoolExecutor(3) as ex:
    fs = [ex.submit(work, t) for t in (0.3, 0.05, 0.6)]
    done, pending = wait(fs, return_when=FIRST_COMPLETED)
    print([f.result() for f in done], len(pending))
