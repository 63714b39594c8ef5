# Checks `from threading import *` binds the public names (as the study note does with `from socket import *`).
from threading import *
e = Event()
t = Thread(target=e.set)
t.start()
t.join()
print(e.is_set(), current_thread().name, type(Lock()).__name__, Timer.__name__, Barrier(1).wait())
print(active_count(), main_thread().name, Semaphore(2).acquire(), BoundedSemaphore(1).acquire())
try:
    print(_counter)
except NameError as err:
    print('NameError:', err)
