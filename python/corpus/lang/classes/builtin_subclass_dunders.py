# subclasses of dict, list and tuple that define special methods: __setitem__/__getitem__ with super(), __contains__, __len__, __iter__, __eq__, __missing__, __add__, tuple.__repr__
class LoggingDict(dict):
    def __setitem__(self, key, value):
        print('set', key, value)
        super().__setitem__(key, value)
    def __getitem__(self, key):
        print('get', key)
        return super().__getitem__(key)
d = LoggingDict()
d['a'] = 1
print(d['a'], d.get('a'), d, len(d), 'a' in d)
class Bag(list):
    def __contains__(self, x):
        return True
    def __len__(self):
        return 42
    def __iter__(self):
        return iter(['fake'])
    def __repr__(self):
        return 'Bag!'
    def __eq__(self, other):
        return True
    def __getitem__(self, i):
        return 'item%s' % i
b = Bag([1, 2])
print(5 in b, len(b), list(b), repr(b), b == 3, b[7], bool(Bag()), str(b), [x for x in b])
class Ci(dict):
    def __missing__(self, k):
        return k * 2
    def __contains__(self, k):
        return k == 'magic'
c = Ci(x=1)
print(c['x'], c['yy'], 'magic' in c, 'x' in c)
class Vec(tuple):
    def __add__(self, o):
        return Vec(a + b for a, b in zip(self, o))
    def __repr__(self):
        return 'Vec' + tuple.__repr__(self)
print(Vec((1, 2)) + Vec((3, 4)), Vec((1,)) == (1,), len(Vec((1, 2, 3))))
