# Lost wake-up: the consumer checks the flag, then waits on a Condition without holding it
# across the check; a notify that lands between the check and the wait is lost and the
# consumer sleeps forever. `concsim check` finds the schedule (a deadlock verdict).
import threading

cond = threading.Condition()
ready = False

def consumer():
    if not ready:          # the check ...
        with cond:
            cond.wait()    # ... and the wait are not atomic
    print('consumed')

def producer():
    global ready
    ready = True
    with cond:
        cond.notify()

c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
