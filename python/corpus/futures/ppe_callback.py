# Done-callbacks of a process pool run in the parent process [FUT-7] [PPE-1]
from concurrent.futures import ProcessPoolExecutor
import os

parent = os.getpid()
seen = []
def work(n):
    return n * 2

def cb(f):
    seen.append((f.result(), os.getpid() == parent))

if __name__ == '__main__':
    with ProcessPoolExecutor(2) as ex:
        for i in range(4):
            ex.submit(work, i).add_done_callback(cb)
    print(sorted(seen))
