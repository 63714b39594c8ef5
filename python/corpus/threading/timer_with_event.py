# Checks a Timer setting an Event that the main thread waits on with a timeout. [TMR-2]
import threading
done = threading.Event()
timer = threading.Timer(0.05, done.set)
timer.start()
print('waited:', done.wait(timeout=2))
timer.join()
late = threading.Event()
slow = threading.Timer(1.0, late.set)
slow.start()
print('short wait:', late.wait(timeout=0.05))
slow.cancel()
slow.join()
print('cancelled, event still clear:', not late.is_set())
