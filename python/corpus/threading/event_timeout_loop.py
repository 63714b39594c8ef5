# Checks a worker looping on event.wait(timeout) until the event is set, counting the timeouts. [EVT-3]
import threading
import time
stop = threading.Event()
ticks = []
def worker():
    while not stop.wait(0.04):
        ticks.append(1)
t = threading.Thread(target=worker)
t.start()
time.sleep(0.3)
stop.set()
t.join()
print('ticked several times:', 2 <= len(ticks) <= 8)
