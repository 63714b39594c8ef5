# The note: "replace ProcessPoolExecutor with ThreadPoolExecutor, the rest is the same"
from concurrent.futures import ThreadPoolExecutor,ProcessPoolExecutor

import os,time,random

def task(n):
    print(f'{os.getpid() != 0} is running')  # 进程号 (the pid itself varies between runs)
    time.sleep(random.randint(1,3) / 100)
    return n**2
if __name__ == '__main__':
    executor = ThreadPoolExecutor(max_workers=3)
    futures = []
    for i in range(11):
        future  = executor.submit(task,i)
        futures.append(future)
    executor.shutdown(True)
    print('*' * 50)
    for future in futures:
        print(future.result())
