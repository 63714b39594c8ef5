# Checks range(): steps, negatives, len, indexing, slicing, membership, repr and errors.
print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -3)), list(range(0)))
r = range(1, 20, 2)
print(r, len(r), r[3], r[-1], r[2:5], 7 in r, 8 in r, r.index(9), r.count(3))
print(range(3) == range(0, 3), list(range(5, 2)), repr(range(0, 10, 2)))
print(list(reversed(range(4))), sum(range(101)), max(range(7)))
try:
    range(0, 10, 0)
except ValueError as e:
    print('ValueError:', e)
try:
    range(3)[5]
except IndexError as e:
    print('IndexError:', e)
try:
    range(1.5)
except TypeError as e:
    print('TypeError:', e)
