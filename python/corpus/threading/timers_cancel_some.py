# Checks several timers where every other one is cancelled before firing. [TMR-2]
import threading
fired = []
lock = threading.Lock()
def fire(i):
    with lock:
        fired.append(i)
timers = [threading.Timer(0.3 + i * 0.01, fire, args=(i,)) for i in range(6)]
for t in timers:
    t.start()
for t in timers[1::2]:
    t.cancel()
for t in timers:
    t.join()
print(sorted(fired), [t.finished.is_set() for t in timers])
