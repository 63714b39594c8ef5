# Checks a notify() sent before anyone waits is lost: the late waiter times out with False. [CND-2]
import threading
import time
c = threading.Condition()
with c:
    c.notify()
result = []
def late_waiter():
    time.sleep(0.05)
    with c:
        result.append(c.wait(timeout=0.1))
t = threading.Thread(target=late_waiter)
t.start()
t.join()
print('late waiter notified:', result[0])
