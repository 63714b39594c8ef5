# Checks print with sep=None/end=None meaning the defaults, and errors for non-string sep or end.
print('a', 'b', sep=None, end=None)
print('c', 'd', sep='', end='|\n')
try:
    print('x', sep=1)
except TypeError as e:
    print('TypeError:', e)
try:
    print('x', end=[])
except TypeError as e:
    print('TypeError:', e)
print(*[], sep='-')
print(*'abc', sep='-')
