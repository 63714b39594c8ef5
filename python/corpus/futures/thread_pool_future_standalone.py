# A Future made by hand: set_result wakes result(), done-callbacks fire once [FUT-9]
from concurrent.futures import Future
import threading

f = Future()
f.add_done_callback(lambda fut: print('callback', fut.result()))
def setter():
    f.set_running_or_notify_cancel()
    f.set_result(5)
t = threading.Thread(target=setter)
t.start()
print('result', f.result())
t.join()
