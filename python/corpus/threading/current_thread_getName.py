# Checks current_thread().getName()/setName() (used in the study note) work with DeprecationWarnings.
import threading
print(threading.current_thread().getName())
def worker():
    me = threading.current_thread()
    me.setName('renamed-worker')
    print(me.getName(), me.name)
t = threading.Thread(target=worker)
t.start()
t.join()
print(threading.currentThread().name)
