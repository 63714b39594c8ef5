# Lost wake-up: the consumer checks the flag, then waits on a Condition without holding it
# across the check; a notify that lands between the check and the wait is lost and the
# consumer sleeps forever. `concsim check` finds the schedule (a deadlock verdict).
# FIXED = True (`--param FIXED=true`) is the fix: the flag is set and tested under the
# condition, in a loop.
import threading

FIXED = False
cond = threading.Condition()
ready = False

def consumer():
    if FIXED:
        with cond:
            while not ready:
                cond.wait()
    elif not ready:        # the check ...
        with cond:
            cond.wait()    # ... and the wait are not atomic
    print('consumed')

def producer():
    global ready
    if FIXED:
        with cond:
            ready = True
            cond.notify()
        return
    ready = True
    with cond:
        cond.notify()

c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
