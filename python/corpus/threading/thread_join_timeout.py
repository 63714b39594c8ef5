# Checks join(timeout) returns None, the thread stays alive after a timed-out join, negative timeouts. [THR-4]
import threading
import time
stop = threading.Event()
def slow():
    stop.wait(2)
t = threading.Thread(target=slow)
t.start()
start = time.monotonic()
print(t.join(0.05), t.is_alive())
print(t.join(-1), t.is_alive())
print(t.join(0), t.is_alive())
waited = time.monotonic() - start
print(0.04 <= waited < 1.0)
stop.set()
print(t.join(), t.is_alive())
