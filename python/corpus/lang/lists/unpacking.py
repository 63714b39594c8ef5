# Checks iterable unpacking: starred targets, nested targets, swaps and errors.
a, b = 1, 2
a, b = b, a
print(a, b)
first, *rest = [1, 2, 3, 4]
*init, last = 'abcd'
h, *mid, t = range(5)
print(first, rest, init, last, h, mid, t)
(x, y), z = [1, 2], 3
print(x, y, z)
for i, (k, v) in enumerate({'a': 1, 'b': 2}.items()):
    print(i, k, v)
print([*range(3), *'ab'], (*[1, 2], 3), {**{'a': 1}, 'b': 2})
for src in [[1, 2, 3], [1]]:
    try:
        p, q = src
    except ValueError as e:
        print('ValueError:', e)
try:
    p, q, *r = [1]
except ValueError as e:
    print('ValueError:', e)
