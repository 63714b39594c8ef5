# Checks a Timer started from a worker thread fires after the worker ends, and the program waits for it. [TMR-1]
import threading
log = []
def worker():
    t = threading.Timer(0.3, lambda: print('timer fired after the worker ended'))
    t.start()
    print('worker started a timer named', t.name)
w = threading.Thread(target=worker)
w.start()
w.join()
print('worker joined; main code ends')
