# An exception in a child prints its traceback; the exitcode is 1 [MPP-14]
from multiprocessing import Process

def fail():
    raise ValueError('child failed')

if __name__ == '__main__':
    p = Process(target=fail)
    p.start()
    p.join()
    print('exitcode', p.exitcode)
