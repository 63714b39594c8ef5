# Checks a Lock acquired without `with` stays locked when the code between acquire and release raises.
import threading
lock = threading.Lock()
def unsafe_update(data):
    lock.acquire()
    data['count'] += 1
    lock.release()
try:
    unsafe_update({})
except KeyError as e:
    print('KeyError:', e)
print('still locked:', lock.locked())
res = []
t = threading.Thread(target=lambda: res.append(lock.acquire(timeout=0.05)))
t.start()
t.join()
print('other thread got it:', res[0])
