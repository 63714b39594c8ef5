# Checks enumerate with start, zip of unequal lengths, zip(*) transposition and zip strict.
names = ['a', 'b', 'c']
print(list(enumerate(names)), list(enumerate(names, 10)))
print(list(zip(names, [1, 2, 3, 4])), list(zip()), list(zip('xy')))
pairs = [(1, 'one'), (2, 'two')]
nums, words = zip(*pairs)
print(nums, words)
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print('ValueError:', e)
for i, (a, b) in enumerate(zip('pq', 'rs')):
    print(i, a, b)
print(type(enumerate([])).__name__, type(zip()).__name__)
