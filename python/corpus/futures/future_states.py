# A future goes PENDING -> RUNNING -> FINISHED; running() and done() follow [FUT-8]
from concurrent.futures import ThreadPoolExecutor
import time

def work():
    time.sleep(0.2)
    return 7

ex = ThreadPoolExecutor(1)
f = ex.submit(work)
print(f.running(), f.done())
time.sleep(0.1)
print(f.running(), f.done())
print(f.result(), f.running(), f.done(), f.cancelled())
ex.shutdown()
