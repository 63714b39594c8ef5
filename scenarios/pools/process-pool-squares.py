# The study note's process pool, the Python twin of process-pool-squares.ts: 11 tasks on a
# ProcessPoolExecutor of 3 workers, each printing its worker's pid and sleeping 1-3 s
# (seeded), then the squares in submission order after shutdown(True).
from concurrent.futures import ProcessPoolExecutor
import os, time, random

WORKERS = 3
TASKS = 11

def task(n):
    print(f'{os.getpid()} is running')
    time.sleep(random.randint(1, 3))
    return n ** 2

if __name__ == '__main__':
    executor = ProcessPoolExecutor(max_workers=WORKERS)
    futures = []
    for i in range(TASKS):
        future = executor.submit(task, i)
        futures.append(future)
    executor.shutdown(True)
    print('*' * 50)
    results = [future.result() for future in futures]
    for r in results:
        print(r)
    assert results == [i * i for i in range(TASKS)]
