# Checks the default excepthook: "Exception in thread NAME:" and the traceback on stderr; join returns normally. [THR-5]
import threading
def worker(items):
    return items[5]
t = threading.Thread(target=worker, args=([1, 2],))
t.start()
print('join returns', t.join())
print('main continues, exit code stays 0')
