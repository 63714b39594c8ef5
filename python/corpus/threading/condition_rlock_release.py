# Checks wait() on a Condition over a recursively held RLock releases it fully and restores it. [CND-6]
import threading
r = threading.RLock()
c = threading.Condition(r)
log = []
waiting = threading.Event()
def other():
    waiting.wait()
    with r:
        log.append('other acquired the RLock')
        c.notify()
t = threading.Thread(target=other)
t.start()
with r:
    with r:
        log.append('main waits holding the RLock twice')
        waiting.set()
        c.wait(2)
        log.append('main woke')
    log.append('released once')
print(log)
print(r.acquire(blocking=False))
r.release()
t.join()
