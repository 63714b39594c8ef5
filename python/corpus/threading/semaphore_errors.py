# Checks Semaphore argument errors: negative initial value, timeout with non-blocking, release(n < 1). [SEM-1] [SEM-2]
import threading
try:
    threading.Semaphore(-1)
except ValueError as e:
    print('ValueError:', e)
s = threading.Semaphore(1)
try:
    s.acquire(blocking=False, timeout=1)
except ValueError as e:
    print('ValueError:', e)
try:
    s.release(0)
except ValueError as e:
    print('ValueError:', e)
print(s.acquire(), s.acquire(False), s.acquire(timeout=0))
