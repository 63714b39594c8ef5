# Checks a Condition-based bounded buffer with one producer and one consumer; items arrive in order.
import threading
buf, cap = [], 2
cond = threading.Condition()
consumed = []
def producer():
    for i in range(8):
        with cond:
            while len(buf) >= cap:
                cond.wait()
            buf.append(i)
            cond.notify_all()
    with cond:
        buf.append(None)
        cond.notify_all()
def consumer():
    while True:
        with cond:
            while not buf:
                cond.wait()
            item = buf.pop(0)
            cond.notify_all()
        if item is None:
            return
        consumed.append(item * item)
ts = [threading.Thread(target=producer), threading.Thread(target=consumer)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(consumed)
