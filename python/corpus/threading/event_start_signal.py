# Checks an Event used as a start gun: workers block until main sets it, then all run. [EVT-5]
import threading
import time
go = threading.Event()
log = []
lock = threading.Lock()
def runner(i):
    go.wait()
    with lock:
        log.append(i)
threads = [threading.Thread(target=runner, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
time.sleep(0.05)
print('before go:', log)
go.set()
for t in threads:
    t.join()
print('after go:', sorted(log))
