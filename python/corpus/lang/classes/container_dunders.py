# Checks __getitem__/__setitem__/__delitem__/__contains__/__len__/__iter__ on a user container.
class Bag:
    def __init__(self):
        self.items = {}
    def __setitem__(self, k, v):
        print('set', k)
        self.items[k] = v
    def __getitem__(self, k):
        if k not in self.items:
            raise KeyError(k)
        return self.items[k]
    def __delitem__(self, k):
        del self.items[k]
    def __contains__(self, k):
        return k in self.items
    def __len__(self):
        return len(self.items)
    def __iter__(self):
        return iter(sorted(self.items))
b = Bag()
b['z'] = 1; b['a'] = 2
print(b['a'], 'z' in b, 'q' in b, len(b), list(b))
del b['z']
print(list(b), len(b))
try:
    b['missing']
except KeyError as e:
    print('KeyError:', e)
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print(list(Seq()), 20 in Seq())
