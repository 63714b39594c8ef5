# Checks strict turn-taking among three threads with one Condition and wait_for. [CND-5]
import threading
cond = threading.Condition()
turn = {'who': 0}
out = []
def runner(me, n):
    for i in range(n):
        with cond:
            cond.wait_for(lambda: turn['who'] == me)
            out.append(f'{me}:{i}')
            turn['who'] = (me + 1) % 3
            cond.notify_all()
threads = [threading.Thread(target=runner, args=(k, 3)) for k in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(out)
