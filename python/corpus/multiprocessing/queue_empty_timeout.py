# Queue.get(timeout) raises queue.Empty; get_nowait too [MPP-5]
import queue
from multiprocessing import Queue

if __name__ == '__main__':
    q = Queue()
    try:
        q.get(timeout=0.1)
    except queue.Empty:
        print('Empty after timeout')
    try:
        q.get_nowait()
    except queue.Empty:
        print('Empty at once')
