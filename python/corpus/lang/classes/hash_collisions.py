# Checks dict/set lookups with equal hashes but unequal objects, and equal objects found by value.
class K:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return 1
    def __eq__(self, other):
        return isinstance(other, K) and self.v == other.v
    def __repr__(self):
        return f'K({self.v})'
d = {K(1): 'one', K(2): 'two', K(3): 'three'}
print(d[K(2)], K(4) in d, len(d), list(d))
s = {K(1), K(1), K(2)}
print(len(s), sorted(s, key=lambda k: k.v))
del d[K(1)]
print(d)
