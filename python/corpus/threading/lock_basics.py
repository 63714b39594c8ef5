# Checks Lock acquire/release/locked, release of an unlocked lock and non-reentrancy. [LCK-1] [LCK-3]
import threading
lock = threading.Lock()
print(lock.locked(), lock.acquire(), lock.locked())
print(lock.acquire(False), lock.acquire(blocking=False))
lock.release()
print(lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print('RuntimeError:', e)
with lock:
    print('inside with', lock.locked())
print('after with', lock.locked())
print(type(lock).__name__)
