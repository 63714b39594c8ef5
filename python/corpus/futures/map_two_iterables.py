# Executor.map zips several iterables and stops at the shortest [MAP-2]
from concurrent.futures import ThreadPoolExecutor

def add(a, b):
    return a + b

with ThreadPoolExecutor(2) as ex:
    print(list(ex.map(add, [1, 2, 3, 4], [10, 20, 30])))
    print(list(ex.map(pow, range(4), range(4))))
