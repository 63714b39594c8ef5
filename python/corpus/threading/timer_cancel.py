# Checks cancel() before firing prevents the call and ends the thread promptly; cancel before start; cancel after firing. [TMR-2] [TMR-3] [TMR-4]
import threading
import time
calls = []
t = threading.Timer(5, calls.append, args=['late'])
t.start()
start = time.monotonic()
t.cancel()
t.join()
print('cancelled promptly:', time.monotonic() - start < 1, calls)
u = threading.Timer(0.01, calls.append, args=['never'])
u.cancel()
u.start()
u.join()
print('cancel before start:', calls, u.is_alive())
v = threading.Timer(0.01, calls.append, args=['fired'])
v.start()
v.join()
v.cancel()
print('cancel after firing:', calls)
