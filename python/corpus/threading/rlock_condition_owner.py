# Checks an RLock owned by one thread blocks another's acquire(timeout) until released, re-entrant calls included.
import threading
import time
r = threading.RLock()
log = []
def holder():
    with r:
        with r:
            log.append('holder in twice')
            time.sleep(0.1)
        log.append('holder released once, still owns it')
def contender():
    time.sleep(0.03)
    log.append(('quick try', r.acquire(timeout=0.01)))
    log.append(('patient try', r.acquire(timeout=1)))
    r.release()
a, b = threading.Thread(target=holder), threading.Thread(target=contender)
a.start(); b.start()
a.join(); b.join()
print(log)
