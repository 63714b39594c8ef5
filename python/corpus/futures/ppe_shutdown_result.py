# The note's pattern: submit, shutdown(True), then read results in order [PPE-10]
from concurrent.futures import ProcessPoolExecutor
import time

def task(n):
    time.sleep(0.01 * (n % 3))
    return n ** 2

if __name__ == '__main__':
    executor = ProcessPoolExecutor(max_workers=3)
    futures = []
    for i in range(11):
        futures.append(executor.submit(task, i))
    executor.shutdown(True)
    print('*' * 50)
    for future in futures:
        print(future.result())
