# The note's process pool with only the import fixed: future.append(future) is an AttributeError
from concurrent.futures import ThreadPoolExecutor,ProcessPoolExecutor

import os,time,random

def task(n):
    time.sleep(random.randint(1,3) / 100)
    return n**2
if __name__ == '__main__':
    executor = ProcessPoolExecutor(max_workers=3)
    futures = []
    for i in range(11):
        future  = executor.submit(task,i)
        future.append(future)
    executor.shutdown(True)
    print('*' * 50)
    for future in futures:
        print(future.result())
