# Process runs its target in a child; join waits; exitcode 0 [MPP-1]
from multiprocessing import Process

def hello(name):
    print('hello', name)

if __name__ == '__main__':
    p = Process(target=hello, args=('bob',))
    print(p.is_alive(), p.exitcode)
    p.start()
    p.join()
    print(p.is_alive(), p.exitcode)
