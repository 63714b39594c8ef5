# Checks a self-rescheduling Timer chain stops after a fixed count. [TMR-1]
import threading
ticks = []
done = threading.Event()
def tick(n):
    ticks.append(n)
    if n < 4:
        threading.Timer(0.02, tick, args=(n + 1,)).start()
    else:
        done.set()
threading.Timer(0.02, tick, args=(1,)).start()
print(done.wait(5), ticks)
