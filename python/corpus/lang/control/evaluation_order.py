# Checks CPython's evaluation order: assignment RHS before target subscripts, dict key before value, args left to right.
log = []
def f(tag, value=None):
    log.append(tag)
    return tag if value is None else value
d = {}
d[f('key')] = f('value')
print(log); log.clear()
d[f('k2', 'key')] += f('inc', 'x')
print(log, d); log.clear()
x = {f('k1'): f('v1'), f('k2'): f('v2')}
print(log); log.clear()
f('a', 1) + f('b', 2) * f('c', 3)
print(log); log.clear()
print(f('p', 1), f('q', 2), sep=f('sep', ' '))
print(log); log.clear()
a = [0, 0]
i = 0
i, a[i] = 1, 5
print(i, a)
y = z = []
y.append(1)
print(z, y is z)
