# Checks a failing barrier action: its thread gets the action's exception, the others BrokenBarrierError. [BAR-7]
import threading
import time
def action():
    raise ValueError('action failed')
b = threading.Barrier(2, action=action)
results = {}
def early():
    try:
        b.wait()
    except Exception as e:
        results['early'] = type(e).__name__
t = threading.Thread(target=early)
t.start()
while b.n_waiting < 1:
    time.sleep(0.01)
try:
    b.wait()
except Exception as e:
    results['last'] = f'{type(e).__name__}: {e}'
t.join()
print(sorted(results.items()), b.broken)
