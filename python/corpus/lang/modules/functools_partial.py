# Checks functools.partial: frozen positional and keyword args, overriding keywords, attributes.
from functools import partial
def power(base, exp, *, mod=None):
    return pow(base, exp, mod) if mod else base ** exp
square = partial(power, exp=2)
cube_mod = partial(power, exp=3, mod=7)
two_to = partial(power, 2)
print(square(5), cube_mod(4), two_to(10), square(3, exp=3))
print(square.func.__name__, square.args, square.keywords, two_to.args)
int2 = partial(int, base=2)
print(int2('1011'), list(map(partial(power, exp=2), [1, 2, 3])))
add = partial(lambda a, b, c: a + b + c, 1, 2)
print(add(3), partial(add, 10)())
