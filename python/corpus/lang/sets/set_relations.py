# Checks set comparison operators, frozenset operations and in-place set operators on ints.
a, b = {1, 2, 3}, {1, 2}
print(b < a, b <= a, a > b, a >= a, a < a, b.issubset(a), a.issuperset(b), {1} == frozenset({1}))
f = frozenset([3, 1, 2])
print(f, f | {4}, f & {1, 9}, f - {1}, type(f | {4}).__name__, type({4} | f).__name__)
s = {1, 2, 3, 4}
s &= {2, 3, 4, 5}
print(s)
s |= {10}
s -= {2}
s ^= {3, 99}
print(sorted(s), len(s))
try:
    f.add(5)
except AttributeError as e:
    print('AttributeError:', e)
