# Checks `with lock:` releases the lock when the body raises, so another thread can take it.
import threading
lock = threading.Lock()
def risky():
    with lock:
        raise KeyError('inside lock')
try:
    risky()
except KeyError as e:
    print('caught', e, 'locked:', lock.locked())
got = []
t = threading.Thread(target=lambda: got.append(lock.acquire(timeout=1)))
t.start()
t.join()
print('other thread acquired:', got)
