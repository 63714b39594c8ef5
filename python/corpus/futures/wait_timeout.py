# wait(timeout) returns what is done by then [WAT-4]
from concurrent.futures import ThreadPoolExecutor, wait
import time

def work(n):
    time.sleep(n)
    return n

with ThreadPoolExecutor(2) as ex:
    fs = [ex.submit(work, t) for t in (0.05, 0.5)]
    done, pending = wait(fs, timeout=0.2)
    print(len(done), len(pending))
    print(wait(fs).done == set(fs))
