# Checks os.getpid() is the same in every thread (threads share the process), without printing it.
import os
import threading
pids = []
def record():
    pids.append(os.getpid())
threads = [threading.Thread(target=record) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(pids), len(set(pids)), pids[0] == os.getpid())
