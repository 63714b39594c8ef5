# Checks tuples: single-element syntax, immutability, methods, hashing as dict keys, comparisons.
t = (1, 2, 3, 2)
print(t, (1,), (), tuple([4, 5]), t.count(2), t.index(3), len(t))
print(t + (9,), t * 2, t[1:3], t[::-1])
d = {(0, 0): 'origin', (1, 2): 'p'}
print(d[(1, 2)], d[0, 0])
print((1, 2) < (1, 3), (1, 2) == (1, 2), (1,) + ())
try:
    t[0] = 5
except TypeError as e:
    print('TypeError:', e)
try:
    t.index(42)
except ValueError as e:
    print('ValueError:', e)
try:
    {([1],): 1}
except TypeError as e:
    print('TypeError:', e)
nested = (1, [2, 3])
nested[1].append(4)
print(nested)
