# Checks wait_for keeps one overall deadline across wake-ups that leave the predicate false. [CND-5]
import threading
import time
cond = threading.Condition()
calls = []
def predicate():
    calls.append(1)
    return False
def nagger():
    for _ in range(3):
        time.sleep(0.1)
        with cond:
            cond.notify()
t = threading.Thread(target=nagger)
t.start()
start = time.monotonic()
with cond:
    result = cond.wait_for(predicate, timeout=0.45)
elapsed = time.monotonic() - start
t.join()
print(result, len(calls), 0.44 <= elapsed < 0.8)
