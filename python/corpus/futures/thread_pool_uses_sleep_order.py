# Pool tasks with distinct sleeps print in sleep order [TPE-4]
from concurrent.futures import ThreadPoolExecutor
import time

def task(name, d):
    time.sleep(d)
    print(name, 'finished')

with ThreadPoolExecutor(3) as ex:
    ex.submit(task, 'c', 0.9)
    ex.submit(task, 'a', 0.3)
    ex.submit(task, 'b', 0.6)
print('all done')
