# Checks wait_for: immediate return when true, the raw predicate value on timeout, and success after notify. [CND-5]
import threading
import time
c = threading.Condition()
state = {'n': 0}
with c:
    print(c.wait_for(lambda: 'already'))
    print(repr(c.wait_for(lambda: state['n'], timeout=0.05)))
    print(repr(c.wait_for(lambda: [], timeout=0)))
def bump():
    for _ in range(3):
        time.sleep(0.03)
        with c:
            state['n'] += 1
            c.notify()
t = threading.Thread(target=bump)
t.start()
with c:
    print(c.wait_for(lambda: state['n'] >= 3, timeout=2), state['n'])
t.join()
