# result(timeout) raises TimeoutError when the task is not done in time [FUT-3]
from concurrent.futures import ThreadPoolExecutor, TimeoutError
import time

def slow():
    time.sleep(0.5)
    return 'late'

with ThreadPoolExecutor(1) as ex:
    f = ex.submit(slow)
    try:
        f.result(timeout=0.1)
    except TimeoutError as e:
        print('timeout', type(e).__name__, isinstance(e, OSError))
    print(f.result())
