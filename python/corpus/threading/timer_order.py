# Checks several timers fire in order of interval, not of start. [TMR-10]
import threading
fired = []
timers = [threading.Timer(d, fired.append, args=[name]) for name, d in [('long', 0.6), ('short', 0.05), ('medium', 0.3)]]
for t in timers:
    t.start()
for t in timers:
    t.join()
print(fired)
