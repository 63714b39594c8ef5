# Checks the typo target=f() (calling instead of passing): f runs in the main thread, the thread gets None.
import threading
def work():
    print('work runs in', threading.current_thread().name)
t = threading.Thread(target=work())
t.start()
t.join()
print('thread target was None, so the thread did nothing')
