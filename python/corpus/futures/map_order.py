# Executor.map yields results in input order, whatever order they finish in [MAP-1]
from concurrent.futures import ThreadPoolExecutor
import time

def slow(n):
    time.sleep(0.05 * (5 - n))
    return n * 10

with ThreadPoolExecutor(5) as ex:
    print(list(ex.map(slow, range(5))))
