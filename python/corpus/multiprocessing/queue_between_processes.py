# A multiprocessing.Queue carries pickled values from children to the parent [MPP-5]
from multiprocessing import Process, Queue

def produce(q, n):
    q.put({'n': n, 'sq': n * n})

if __name__ == '__main__':
    q = Queue()
    ps = [Process(target=produce, args=(q, i)) for i in range(4)]
    for p in ps:
        p.start()
    got = sorted((q.get() for _ in ps), key=lambda d: d['n'])
    for p in ps:
        p.join()
    print(got)
