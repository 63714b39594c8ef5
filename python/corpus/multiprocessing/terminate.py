# terminate() ends a child; its exitcode is -15 (SIGTERM) [MPP-13]
from multiprocessing import Process
import time

def forever():
    time.sleep(10)

if __name__ == '__main__':
    p = Process(target=forever)
    p.start()
    time.sleep(0.1)
    p.terminate()
    p.join()
    print(p.exitcode, p.is_alive())
