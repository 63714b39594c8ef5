# Checks wait() returns True when set() happened during the wait even if clear() ran before the waiter woke. [EVT-4]
import threading
import time
e = threading.Event()
result = []
def waiter():
    result.append(e.wait(2))
    result.append(e.is_set())
t = threading.Thread(target=waiter)
t.start()
time.sleep(0.2)
e.set()
e.clear()
t.join()
print(result)
