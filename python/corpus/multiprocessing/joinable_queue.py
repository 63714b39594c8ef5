# JoinableQueue: join() returns when every item got task_done() [MPP-6]
from multiprocessing import Process, JoinableQueue

def consumer(q):
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        print('consumed', item)
        q.task_done()

if __name__ == '__main__':
    q = JoinableQueue()
    p = Process(target=consumer, args=(q,))
    p.start()
    for i in range(3):
        q.put(i)
    q.put(None)
    q.join()
    print('all tasks done')
    p.join()
