# Checks reversed on sequences, dicts and custom __reversed__, iter with sentinel and next with default.
print(list(reversed([1, 2, 3])), list(reversed('abc')), list(reversed((1, 2))), list(reversed({'a': 1, 'b': 2})))
class R:
    def __reversed__(self):
        return iter('zyx')
print(list(reversed(R())))
try:
    reversed({1, 2})
except TypeError as e:
    print('TypeError:', e)
data = [3, 5, 0, 7]
it = iter(data)
print(list(iter(lambda: next(it), 0)))
print(next(iter([]), 'default'), next(iter('q')))
print(sorted([3, 1, 2], reverse=True), sorted(range(5), key=lambda x: -x))
