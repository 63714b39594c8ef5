# Checks list.sort with a failing key, a list modified during sort, and comparisons of None.
xs = [3, 1, 2]
def bad_key(x):
    if x == 2:
        raise KeyError('no key for 2')
    return x
try:
    xs.sort(key=bad_key)
except KeyError as e:
    print('KeyError:', e, xs)
ys = [5, 4, 3]
def mutating(x):
    ys.append(x)
    return x
try:
    ys.sort(key=mutating)
except ValueError as e:
    print('ValueError:', e)
try:
    sorted([2, None, 1])
except TypeError as e:
    print('TypeError:', e)
print(sorted([None]), sorted([(1, None), (0, None)]))
