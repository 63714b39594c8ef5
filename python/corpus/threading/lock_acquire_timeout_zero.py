# Checks Lock.acquire(timeout=0) on a held lock returns False immediately, from another thread too. [LCK-4]
import threading
lock = threading.Lock()
print(lock.acquire(timeout=0))
print(lock.acquire(timeout=0))
res = []
t = threading.Thread(target=lambda: res.append(lock.acquire(timeout=0)))
t.start()
t.join()
print(res)
lock.release()
