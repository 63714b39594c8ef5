# Checks an RLock owned by one thread blocks another's acquire(timeout) until released, re-entrant calls included.
import threading
r = threading.RLock()
log = []
held, tried = threading.Event(), threading.Event()
def holder():
    with r:
        with r:
            log.append('holder in twice')
            held.set()
            tried.wait()
        log.append('holder released once, still owns it')
def contender():
    held.wait()
    log.append(('quick try', r.acquire(timeout=0.01)))
    tried.set()
    log.append(('patient try', r.acquire(timeout=2)))
    r.release()
a, b = threading.Thread(target=holder), threading.Thread(target=contender)
a.start(); b.start()
a.join(); b.join()
print(log)
