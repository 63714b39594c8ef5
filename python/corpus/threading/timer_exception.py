# Checks an exception in a Timer's function goes to excepthook, join returns, finished stays clear. [TMR-8]
import threading
def boom():
    raise ZeroDivisionError('timer function failed')
t = threading.Timer(0.01, boom)
t.start()
t.join()
print('joined; finished is set:', t.finished.is_set())
