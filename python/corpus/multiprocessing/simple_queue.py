# SimpleQueue: put/get/empty between processes [MPP-5]
from multiprocessing import Process, SimpleQueue

def child(q):
    q.put('from child')

if __name__ == '__main__':
    q = SimpleQueue()
    print(q.empty())
    p = Process(target=child, args=(q,))
    p.start()
    print(q.get())
    p.join()
    print(q.empty())
