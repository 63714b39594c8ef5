# Checks errors raised lazily from a generator expression and the outermost iterable evaluated eagerly.
g = (1 / x for x in [1, 0, 2])
print(next(g))
try:
    next(g)
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
print(list(g))
try:
    (x for x in 5)
except TypeError as e:
    print('TypeError:', e)
