# Checks starting a Timer twice raises RuntimeError. [TMR-7]
import threading
t = threading.Timer(0.01, lambda: None)
t.start()
try:
    t.start()
except RuntimeError as e:
    print('RuntimeError:', e)
t.join()
