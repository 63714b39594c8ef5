# Checks Timer passes args and kwargs, None defaults, zero/negative intervals fire at once. [TMR-6] [TMR-11]
import threading
out = []
def record(*args, **kwargs):
    out.append((args, kwargs))
timers = [threading.Timer(0, record, args=(1, 2), kwargs={'k': 'v'}),
          threading.Timer(-1, record),
          threading.Timer(0.01, record, None, None)]
for t in timers:
    t.start()
    t.join()
print(out)
print(timers[1].args, timers[1].kwargs, timers[0].interval)
