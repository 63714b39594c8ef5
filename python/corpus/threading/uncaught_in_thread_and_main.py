# Checks a thread failing (excepthook) and then the main thread failing: both tracebacks, exit code 1.
import threading
def worker():
    {}['missing']
t = threading.Thread(target=worker)
t.start()
t.join()
print('worker failed, now main fails')
raise ValueError('main gives up')
