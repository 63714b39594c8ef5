# Checks a DeprecationWarning from __main__ is printed once per source line, even in a loop or from other threads.
import threading
e = threading.Event()
for _ in range(3):
    e.isSet()
def worker():
    e.isSet()
    return threading.current_thread().getName()
for _ in range(2):
    t = threading.Thread(target=worker)
    t.start()
    t.join()
e.set()
print('flag', e.isSet())
