# Checks a Condition built on a plain Lock: notify, wait and the lock being reacquired. [CND-2]
import threading
import time
lock = threading.Lock()
cond = threading.Condition(lock)
box = []
def consumer():
    with cond:
        while not box:
            cond.wait()
        print('consumer took', box.pop(), 'lock held:', lock.locked())
t = threading.Thread(target=consumer)
t.start()
time.sleep(0.05)
with cond:
    box.append('parcel')
    cond.notify()
t.join()
print('lock free after:', not lock.locked())
