# Checks a non-owner cannot release an RLock and its acquire(False) fails while held. [RLK-2]
import threading
r = threading.RLock()
r.acquire()
r.acquire()
out = []
def other():
    out.append(r.acquire(False))
    try:
        r.release()
    except RuntimeError as e:
        out.append('RuntimeError: ' + str(e))
t = threading.Thread(target=other)
t.start()
t.join()
print(out)
r.release()
r.release()
t = threading.Thread(target=lambda: out.append(r.acquire(False)))
t.start()
t.join()
print(out[-1])
