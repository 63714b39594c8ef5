# Checks call-site unpacking with several * and ** groups, and errors for non-mapping or duplicate keys.
def show(*args, **kwargs):
    return args, kwargs
print(show(*[1, 2], *(3,), *'ab', **{'x': 1}, **{'y': 2}, z=3))
try:
    show(**{'x': 1}, **{'x': 2})
except TypeError as e:
    print('TypeError:', e)
try:
    show(**[1, 2])
except TypeError as e:
    print('TypeError:', e)
try:
    show(*5)
except TypeError as e:
    print('TypeError:', e)
