# Checks sys.exit() inside a Timer's function ends only the timer thread, silently; the program exits 0. [THR-5] [TMR-1]
import sys
import threading
def stop():
    print('timer calling sys.exit(9)')
    sys.exit(9)
t = threading.Timer(0.02, stop)
t.start()
t.join()
print('main still here, timer alive:', t.is_alive())
