# wait(FIRST_EXCEPTION) returns when a future raises [WAT-3]
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_EXCEPTION
import time

def work(n):
    time.sleep(n)
    if n == 0.1:
        raise KeyError('k')
    return n

with ThreadPoolExecutor(3) as ex:
    fs = [ex.submit(work, t) for t in (0.5, 0.1, 0.8)]
    done, pending = wait(fs, return_when=FIRST_EXCEPTION)
    print(len(done), len(pending))
    print([repr(f.exception()) for f in done])
