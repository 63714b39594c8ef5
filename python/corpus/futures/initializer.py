# The initializer runs once in each worker before its first task [TPE-10]
from concurrent.futures import ThreadPoolExecutor
import threading, time

seen = []
def init(tag):
    seen.append(tag)

def work(n):
    time.sleep(0.05)
    return n

with ThreadPoolExecutor(2, initializer=init, initargs=('hi',)) as ex:
    print(list(ex.map(work, range(4))))
print(seen)
