# Checks generator pipelines, infinite generators with islice-free stopping, and generator state reuse.
def naturals():
    n = 1
    while True:
        yield n
        n += 1
def squares(it):
    for x in it:
        yield x * x
def take(n, it):
    out = []
    for x in it:
        if len(out) == n:
            break
        out.append(x)
    return out
print(take(5, squares(naturals())))
evens = (x for x in naturals() if x % 2 == 0)
print(next(evens), next(evens), next(evens))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
