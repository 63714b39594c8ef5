# Checks ordering through a lock: a thread blocked on a held lock proceeds only after release.
import threading
import time
lock = threading.Lock()
log = []
trying = threading.Event()
def waiter():
    log.append('waiter trying')
    trying.set()
    with lock:
        log.append('waiter got lock')
lock.acquire()
t = threading.Thread(target=waiter)
t.start()
trying.wait()
time.sleep(0.05)
log.append('main releasing')
lock.release()
t.join()
print(log)
