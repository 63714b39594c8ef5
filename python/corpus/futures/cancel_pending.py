# cancel() succeeds on a pending future and fails on a running or finished one [FUT-1] [FUT-2]
from concurrent.futures import ThreadPoolExecutor, CancelledError
import time

def work(n):
    time.sleep(0.2)
    return n

ex = ThreadPoolExecutor(1)
f1 = ex.submit(work, 1)
f2 = ex.submit(work, 2)
time.sleep(0.05)
print(f1.running(), f1.cancel())
print(f2.cancel(), f2.cancelled(), f2.done())
try:
    f2.result()
except CancelledError as e:
    print('CancelledError', repr(e))
print(f1.result(), f1.cancel())
ex.shutdown()
