# A round-robin scheduler of generator tasks: switch + save state, one thread [GEN-8]
from collections import deque

def task(name, n):
    for i in range(n):
        print(name, i)
        yield

ready = deque([task('a', 3), task('b', 2), task('c', 1)])
while ready:
    t = ready.popleft()
    try:
        next(t)
        ready.append(t)
    except StopIteration:
        pass
print('all done')
