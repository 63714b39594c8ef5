# Checks an uncaught exception in the main thread: the traceback prints, a non-daemon worker still finishes, exit 1.
import threading
import time
def worker():
    time.sleep(0.3)
    print('worker done')
threading.Thread(target=worker).start()
print('main raising')
raise RuntimeError('main failed')
