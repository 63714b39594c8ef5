# Checks a cooperative round-robin scheduler of generator tasks (single-threaded concurrency by yield).
from collections import deque
def task(name, steps):
    for i in range(steps):
        print(f'{name} step {i}')
        yield
    print(f'{name} done')
ready = deque([task('A', 3), task('B', 1), task('C', 2)])
while ready:
    t = ready.popleft()
    try:
        next(t)
        ready.append(t)
    except StopIteration:
        pass
print('all finished')
