# Checks a thread's traceback uses the same 3.11 markers and "Did you mean" suggestions as the main thread's. [THR-5]
import threading
config = {'timeout': 3}
def worker():
    retries = 2
    return config['timeout'] * retrys
t = threading.Thread(target=worker, name='configured')
t.start()
t.join()
print('main finished')
