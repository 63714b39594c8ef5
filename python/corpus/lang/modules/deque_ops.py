# Checks collections.deque: appends/pops on both ends, maxlen eviction, rotate, extendleft and repr.
from collections import deque
d = deque([1, 2, 3])
d.append(4); d.appendleft(0)
print(d, d.pop(), d.popleft(), d)
d.rotate(1); print(d)
d.rotate(-2); print(d)
d.extendleft([10, 20]); print(d, len(d), d[0], d[-1], 3 in d)
b = deque(maxlen=3)
for i in range(6):
    b.append(i)
print(b, b.maxlen, list(b))
b.appendleft(99); print(b)
print(deque('abc'), deque(), d.count(2), deque(reversed(d)))
try:
    deque().pop()
except IndexError as e:
    print('IndexError:', e)
try:
    deque().popleft()
except IndexError as e:
    print('IndexError:', e)
