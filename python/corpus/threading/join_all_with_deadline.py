# Checks joining threads against one overall deadline: fast ones finish, the slow one is still alive. [THR-4]
import threading
import time
stop = threading.Event()
def task(seconds):
    stop.wait(seconds)
threads = [threading.Thread(target=task, args=(s,), name=f'task-{s}') for s in (0.02, 0.05, 5)]
for t in threads:
    t.start()
deadline = time.monotonic() + 0.3
for t in threads:
    t.join(max(0, deadline - time.monotonic()))
print([(t.name, t.is_alive()) for t in threads])
stop.set()
for t in threads:
    t.join()
print([t.is_alive() for t in threads])
