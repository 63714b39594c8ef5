# add_done_callback runs the callback with the future once it finishes [FUT-5] [FUT-7]
from concurrent.futures import ThreadPoolExecutor
import threading

results = []
def cb(fut):
    results.append(fut.result())

def work(n):
    return n + 100

with ThreadPoolExecutor(2) as ex:
    for i in range(4):
        ex.submit(work, i).add_done_callback(cb)
print(sorted(results))
