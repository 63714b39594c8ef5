# Checks closures passed as thread targets, late binding in a loop vs default-argument capture.
import threading
late, bound = [], []
lock = threading.Lock()
threads = []
for i in range(3):
    threads.append(threading.Thread(target=lambda i=i: bound.append(i)))
fns = [lambda: late.append(i) for i in range(3)]
for f in fns:
    threads.append(threading.Thread(target=f))
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(bound), late)
