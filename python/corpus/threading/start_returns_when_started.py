# Checks start() returns only once the thread runs: is_alive() is True at once, even for a thread that ends fast. [THR-7]
import threading
flags = []
go = threading.Event()
def quick():
    go.wait()
ts = [threading.Thread(target=quick) for _ in range(3)]
for t in ts:
    t.start()
    flags.append(t.is_alive())
print(flags, threading.active_count())
go.set()
for t in ts:
    t.join()
print([t.is_alive() for t in ts], threading.active_count())
