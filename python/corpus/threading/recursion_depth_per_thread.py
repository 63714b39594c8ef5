# Each thread has its own recursion depth: a thread's limit counts its bootstrap frames, not the frames of other threads
import threading
def walk(n):
    try:
        return walk(n + 1)
    except RecursionError:
        return n
def t():
    print('thread', walk(0))
print('main', walk(0))
th = threading.Thread(target=t); th.start(); th.join()
# 300 threads each suspended two frames deep do not add up to the limit
gate = threading.Event()
def parked(k):
    def inner():
        gate.wait()
    inner()
ts = [threading.Thread(target=parked, args=(k,)) for k in range(300)]
for x in ts: x.start()
print('with 300 parked', walk(0))
th = threading.Thread(target=t); th.start(); th.join()
gate.set()
for x in ts: x.join()
