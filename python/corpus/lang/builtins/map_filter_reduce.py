# Checks map with several iterables, filter(None), functools.reduce, and their lazy iterators.
import functools
print(list(map(pow, [2, 3, 4], [5, 2])), list(map(str.upper, 'abc')))
print(list(filter(None, [0, 1, '', 'x', None, [], [0]])))
print(functools.reduce(lambda a, b: a * b, range(1, 8)), functools.reduce(lambda a, b: a + b, [], 'init'))
m = map(lambda x: x * 10, [1, 2, 3])
print(next(m), list(m), list(m))
try:
    functools.reduce(lambda a, b: a + b, [])
except TypeError as e:
    print('TypeError:', e)
