# Checks min/max with key, default, several arguments, ties (first wins), and sum with start.
data = [('x', 3), ('y', 1), ('z', 3)]
print(max(data, key=lambda p: p[1]), min(data, key=lambda p: p[1]))
print(max([], default='empty'), min([5], default=0), max(3, 7, 5), min('hello'))
print(sum([1, 2, 3], 10), sum([[1], [2]], []), sum([0.5, 0.25]), sum(range(5), start=100))
print(max([1, 2], [1, 3]), max('apple', 'pear', key=len))
try:
    max([])
except ValueError as e:
    print('ValueError:', e)
try:
    min()
except TypeError as e:
    print('TypeError:', e)
