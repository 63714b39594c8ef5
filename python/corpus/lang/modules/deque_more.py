# Checks more deque behaviour: index/insert/remove, extend past maxlen, equality, and slice errors.
from collections import deque
d = deque([1, 2, 3, 2], maxlen=5)
d.insert(1, 9)
print(d, d.index(2), d.count(2))
d.remove(2)
print(d)
d.extend([7, 8, 9])
print(d, len(d))
d.extendleft([0])
print(d, d == deque([0, 9, 3, 2, 7], maxlen=3), deque([1, 2]) == deque([1, 2]), deque([1]) == [1])
e = deque()
e.rotate(3)
print(e, deque(range(5))[2], deque('ab') + deque('c'), deque('ab') * 2)
for bad in [lambda: deque([1])[0:1], lambda: deque([1]).remove(5), lambda: deque([1], maxlen=1).insert(0, 2)]:
    try:
        bad()
    except (TypeError, ValueError, IndexError) as err:
        print(type(err).__name__ + ':', err)
