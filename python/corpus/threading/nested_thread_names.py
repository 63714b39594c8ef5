# Checks thread-name numbering when threads start other threads, with names collected in start order. [THR-6]
import threading
names = []
lock = threading.Lock()
def note():
    with lock:
        names.append(threading.current_thread().name)
def parent():
    note()
    child = threading.Thread(target=note)
    child.start()
    child.join()
for _ in range(2):
    p = threading.Thread(target=parent)
    p.start()
    p.join()
print(names)
