# Checks wait() on a Condition over a recursively held RLock releases it fully and restores it. [CND-6]
import threading
import time
r = threading.RLock()
c = threading.Condition(r)
log = []
def other():
    time.sleep(0.05)
    with r:
        log.append('other acquired the RLock')
        c.notify()
t = threading.Thread(target=other)
t.start()
with r:
    with r:
        log.append('main waits holding the RLock twice')
        c.wait(2)
        log.append('main woke')
    log.append('released once')
print(log)
print(r.acquire(blocking=False))
r.release()
t.join()
