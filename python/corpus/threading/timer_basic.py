# Checks Timer runs its function once after the interval in its own thread, non-daemon, named Thread-N. [TMR-1]
import threading
import time
info = {}
def fire():
    info['thread_is_timer'] = threading.current_thread() is timer
    info['name'] = threading.current_thread().name
timer = threading.Timer(0.2, fire)
print(timer.daemon, timer.is_alive(), timer.interval)
start = time.monotonic()
timer.start()
print('alive while waiting:', timer.is_alive())
timer.join()
print(info, time.monotonic() - start >= 0.19, timer.is_alive(), timer.finished.is_set())
