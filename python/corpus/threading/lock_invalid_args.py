# Checks Lock.acquire argument errors: timeout with non-blocking, negative timeouts other than -1. [LCK-5]
import threading
lock = threading.Lock()
for kwargs in [{'blocking': False, 'timeout': 1}, {'timeout': -2}, {'timeout': -0.5}]:
    try:
        lock.acquire(**kwargs)
    except ValueError as e:
        print('ValueError:', e)
print(lock.acquire(timeout=-1), lock.locked())
lock.release()
print(lock.acquire(False, -1))
