# What crosses a queue is a copy: mutating it in the child does not change the parent's [MPP-5]
from multiprocessing import Process, Queue

def mutate(q, data):
    data.append('child')
    q.put(data)

if __name__ == '__main__':
    q = Queue()
    data = ['parent']
    p = Process(target=mutate, args=(q, data))
    p.start()
    print(q.get())
    p.join()
    print(data)
