# Checks a worker loop stopped by an Event flag, with a final count read after join.
import threading
import time
stop = threading.Event()
count = {'n': 0}
def spin():
    while not stop.is_set():
        count['n'] += 1
        time.sleep(0.01)
t = threading.Thread(target=spin)
t.start()
time.sleep(0.1)
stop.set()
t.join()
print('worked:', count['n'] > 0, 'alive:', t.is_alive())
