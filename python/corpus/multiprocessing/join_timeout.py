# join(timeout) returns after the timeout with the child still alive [MPP-1]
from multiprocessing import Process
import time

def slow():
    time.sleep(0.5)

if __name__ == '__main__':
    p = Process(target=slow)
    p.start()
    p.join(0.1)
    print(p.is_alive(), p.exitcode)
    p.join()
    print(p.is_alive(), p.exitcode)
