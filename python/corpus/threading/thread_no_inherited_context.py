# Checks a thread started while main handles an exception does not inherit it: no "During handling" in its traceback.
import sys
import threading
def worker():
    print('worker sees exc_info:', sys.exc_info()[0])
    raise KeyError('in worker')
try:
    raise ValueError('main is handling this')
except ValueError:
    t = threading.Thread(target=worker, name='clean-context')
    t.start()
    t.join()
    print('main still handling:', sys.exc_info()[0].__name__)
