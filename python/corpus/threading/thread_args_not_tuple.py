# Checks the classic typo args=(x) (not a tuple): the TypeError is raised in the thread and reported by excepthook. [THR-5]
import threading
def worker(n):
    print('worker got', n)
t = threading.Thread(target=worker, args=(5))
t.start()
t.join()
t = threading.Thread(target=worker, args=(5,))
t.start()
t.join()
