# Checks subclasses of str, int, float and tuple: own methods, builtin methods and operators on the value, repr, hashing.
class Level(int):
    def __repr__(self):
        return f'Level({int(self)})'
    def up(self):
        return Level(self + 1)
lv = Level(3)
print(lv, repr(lv), str(lv), lv.up(), lv == 3, 3 == lv, lv < 4, -lv, abs(Level(-2)), lv * 2, 2 ** lv)
print({lv: 'three'}[3], {3: 'x'}[lv], hash(lv) == hash(3), [10, 20, 30, 40][lv], list(range(lv)), f'{lv:>4}|', '%d' % lv)
print(isinstance(lv, int), isinstance(lv, Level), type(lv + 1).__name__, int(lv), float(lv), bool(Level(0)))
class Tag(str):
    def wrap(self):
        return f'<{self}>'
t = Tag('b')
print(t, repr(t), t.wrap(), t.upper(), t * 3, t + 'c', 'a' + t, t in 'abc', 'b' in t, t == 'b', t != 'b')
print(sorted([Tag('z'), Tag('a')]), {t: 1}['b'], {'b': 2}[t], t.join(['x', 'y']), f'{t:^5}|', '%s!' % t, list(t))
print(type(t.upper()).__name__, type(str(t)).__name__, isinstance(t, str), len(Tag('hello')), Tag('x y').split())
class Named(str):
    def __new__(cls, value, note):
        self = super().__new__(cls, value)
        self.note = note
        return self
n = Named('key', 'first')
print(n, n.note, n.upper(), type(n).__name__)
class Meters(float):
    def feet(self):
        return round(self * 3.28084, 2)
m = Meters(2.5)
print(m, repr(m), m.feet(), m + 1, type(m + 1).__name__, type(m).__name__, m > 2, int(m))
class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    def swap(self):
        return Pair(self[1], self[0])
p = Pair(1, 2)
a, b = p
print(p, p.swap(), a, b, len(p), p + (3,), p == (1, 2), type(p).__name__, isinstance(p, tuple), {p: 'k'}[(1, 2)])
class Word(str):
    def __str__(self):
        return self.upper()
w = Word('quiet')
print(w, str(w), repr(w), f'{w}', w + '!')
