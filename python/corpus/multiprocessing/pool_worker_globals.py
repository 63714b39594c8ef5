# Each pool worker process keeps its own globals across its tasks; the parent's never change [MP-1]
from multiprocessing import Pool
import os

seen = []
calls = 0

def task(x):
    global calls
    calls += 1
    seen.append(x)
    return (calls, len(seen))

if __name__ == '__main__':
    with Pool(1) as pool:
        print(pool.map(task, range(4), chunksize=1))
        print(pool.apply(task, (9,)))
    print(calls, seen)
