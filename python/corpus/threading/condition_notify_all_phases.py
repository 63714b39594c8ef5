# Checks notify_all releases every waiter and each re-checks its own predicate before proceeding. [CND-4] [CND-5]
import threading
cond = threading.Condition()
level = {'v': 0}
passed = []
def waiter(need):
    with cond:
        cond.wait_for(lambda: level['v'] >= need)
        passed.append(need)
        cond.notify_all()
threads = [threading.Thread(target=waiter, args=(n,)) for n in (1, 2, 3)]
for t in threads:
    t.start()
for v in (1, 2, 3):
    with cond:
        level['v'] = v
        cond.notify_all()
        cond.wait_for(lambda: len(passed) >= v, timeout=2)
        print('level', v, 'passed so far', sorted(passed))
for t in threads:
    t.join()
