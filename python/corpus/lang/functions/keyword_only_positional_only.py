# Checks keyword-only (after *) and positional-only (before /) parameters.
def kwonly(a, *, b, c=3):
    return a + b + c
print(kwonly(1, b=2), kwonly(1, c=0, b=5))
def posonly(a, b, /, c):
    return (a, b, c)
print(posonly(1, 2, 3), posonly(1, 2, c=3))
def mixed(a, /, b, *args, c, **kw):
    return a, b, args, c, kw
print(mixed(1, 2, 3, c=4, a=5))
