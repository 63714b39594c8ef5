# The note's process-pool example exactly as written: the misspelt ThreadPoolExector fails the import
#进程
from concurrent.futures import ThreadPoolExector,ProcessPoolExecutor

import os,time,random

def task(n):
    print(f'{os.getpid()} is running')  # 进程号
    time.sleep(random.randint(1,3))
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
