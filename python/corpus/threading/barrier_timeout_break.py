# Checks a timed-out wait breaks the barrier: every waiter gets BrokenBarrierError, later waits too. [BAR-3]
import threading
b = threading.Barrier(3)
outcomes = {}
def patient():
    try:
        b.wait()
        outcomes['patient'] = 'passed'
    except threading.BrokenBarrierError as e:
        outcomes['patient'] = type(e).__name__
t = threading.Thread(target=patient)
t.start()
try:
    b.wait(timeout=0.1)
except threading.BrokenBarrierError:
    outcomes['main'] = 'BrokenBarrierError'
t.join()
print(sorted(outcomes.items()), b.broken, issubclass(threading.BrokenBarrierError, RuntimeError))
try:
    b.wait()
except threading.BrokenBarrierError as e:
    print('later wait:', type(e).__name__, repr(str(e)))
