# Checks a Semaphore(0) used as a signal: the waiter proceeds only after release from another thread. [SEM-3]
import threading
import time
ready = threading.Semaphore(0)
log = []
def waiter():
    ready.acquire()
    log.append('waiter proceeds')
t = threading.Thread(target=waiter)
t.start()
time.sleep(0.05)
log.append('main signals')
ready.release()
t.join()
print(log)
