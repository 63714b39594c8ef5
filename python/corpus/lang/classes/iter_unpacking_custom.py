# Checks a user class with __iter__ used in unpacking, star-unpacking, list(), dict() and in.
class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __iter__(self):
        yield self.a
        yield self.b
p = Pair('k', 'v')
x, y = p
print(x, y, list(p), [*p, *p], dict([p, Pair('z', 1)]), 'v' in p)
def f(first, second):
    return first + second
print(f(*p))
try:
    a, b, c = p
except ValueError as e:
    print('ValueError:', e)
