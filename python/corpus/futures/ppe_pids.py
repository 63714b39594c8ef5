# Tasks of a process pool run in other processes than the parent; the pool reuses them [PPE-1]
from concurrent.futures import ProcessPoolExecutor
import os

def pid(_):
    return os.getpid()

if __name__ == '__main__':
    with ProcessPoolExecutor(2) as ex:
        pids = set(ex.map(pid, range(6)))
    print(os.getpid() in pids, 1 <= len(pids) <= 2)
