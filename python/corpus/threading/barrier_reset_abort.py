# Checks reset() restores a broken barrier, reset() with waiters breaks them, abort() breaks it. [BAR-4] [BAR-5] [BAR-6]
import threading
import time
b = threading.Barrier(2)
b.abort()
print('after abort:', b.broken)
b.reset()
print('after reset:', b.broken)
got = []
def waiter():
    try:
        b.wait()
        got.append('passed')
    except threading.BrokenBarrierError:
        got.append('broken by reset')
def until_waiting():
    while b.n_waiting < 1:
        time.sleep(0.01)
t = threading.Thread(target=waiter)
t.start()
until_waiting()
print('n_waiting:', b.n_waiting)
b.reset()
t.join()
print(got, b.broken)
t = threading.Thread(target=waiter)
t.start()
until_waiting()
print('main arrives last, index:', b.wait())
t.join()
print(got)
