# A daemon child is terminated when the parent exits; daemon flag is visible [MPP-12]
from multiprocessing import Process
import time

def forever():
    time.sleep(10)

if __name__ == '__main__':
    p = Process(target=forever, daemon=True)
    p.start()
    print(p.daemon, p.is_alive())
    print('parent exits')
