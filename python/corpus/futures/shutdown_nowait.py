# shutdown(wait=False) returns at once, but the queued work still runs before exit [TPE-6]
from concurrent.futures import ThreadPoolExecutor
import time

def work(n):
    time.sleep(0.1)
    print('done', n)

ex = ThreadPoolExecutor(1)
for i in range(3):
    ex.submit(work, i)
ex.shutdown(wait=False)
print('shutdown returned')
