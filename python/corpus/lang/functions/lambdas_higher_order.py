# Checks lambdas, functions as values, map/filter/sorted with lambdas, and composition.
sq = lambda x: x * x
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
print(sq(5), compose(sq, inc)(3), compose(inc, sq)(3))
print(list(map(lambda x: x * 2, [1, 2, 3])), list(filter(lambda s: 'a' in s, ['abc', 'xyz', 'bar'])))
ops = {'+': lambda a, b: a + b, '-': lambda a, b: a - b, '*': lambda a, b: a * b}
print({k: f(7, 3) for k, f in ops.items()})
def apply_n(f, n, x):
    for _ in range(n):
        x = f(x)
    return x
print(apply_n(lambda v: v * 2, 10, 1))
print((lambda *a, **k: (a, k))(1, 2, z=3))
print(sq.__name__, apply_n.__name__)
