# Checks __call__ making instances callable, and stateful callables used with map/sorted.
class Multiplier:
    def __init__(self, k):
        self.k = k
        self.calls = 0
    def __call__(self, x):
        self.calls += 1
        return x * self.k
triple = Multiplier(3)
print(triple(4), list(map(triple, [1, 2, 3])), triple.calls, callable(triple))
class ByLen:
    def __call__(self, s):
        return (len(s), s)
print(sorted(['ccc', 'a', 'bb', 'aa'], key=ByLen()))
class Acc:
    def __init__(self):
        self.total = 0
    def __call__(self, *xs, scale=1):
        self.total += sum(xs) * scale
        return self
print(Acc()(1, 2)(3, scale=10).total)
