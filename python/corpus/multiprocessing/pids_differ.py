# Each child has its own pid, different from the parent's [MPP-1]
from multiprocessing import Process, Queue
import os

def report(q):
    q.put(os.getpid())

if __name__ == '__main__':
    q = Queue()
    ps = [Process(target=report, args=(q,)) for _ in range(3)]
    for p in ps:
        p.start()
    pids = [q.get() for _ in ps]
    for p in ps:
        p.join()
    print(len(set(pids)), os.getpid() in pids, all(p.pid in pids for p in ps))
