# Checks default thread names "Thread-N (target)", the counter across threads and timers, and name=. [THR-6] [TMR-1]
import threading
def worker():
    pass
def other():
    pass
a = threading.Thread(target=worker)
b = threading.Thread(target=other)
c = threading.Thread(target=worker, name='explicit')
d = threading.Thread()
e = threading.Timer(0.01, worker)
f = threading.Thread(target=lambda: None)
print([t.name for t in (a, b, c, d, e, f)])
print(threading.current_thread().name, threading.main_thread().name)
b.name = 'renamed'
print(b.name, b.daemon)
