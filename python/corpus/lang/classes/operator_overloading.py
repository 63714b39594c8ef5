# Checks arithmetic and comparison dunders, reflected operators, NotImplemented fallback and TypeError.
class V:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y) if isinstance(o, V) else NotImplemented
    def __mul__(self, k):
        return V(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return V(-self.x, -self.y)
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __len__(self):
        return 2
    def __bool__(self):
        return bool(self.x or self.y)
    def __repr__(self):
        return f'V({self.x}, {self.y})'
a, b = V(1, 2), V(3, 4)
print(a + b, a * 3, 3 * a, -a, a < b, b > a, len(a), bool(V(0, 0)), bool(a))
print(sorted([b, a, V(0, 9)]), max(a, b))
try:
    a + 1
except TypeError as e:
    print('TypeError:', e)
try:
    a <= b
except TypeError as e:
    print('TypeError:', e)
