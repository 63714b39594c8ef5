# Checks TypeError messages for bad calls: missing, extra, duplicate and unexpected arguments.
def f(a, b, *, c):
    return a + b + c
def g(x, /):
    return x
class K:
    def m(self, v):
        return v
num, text = 5, 'abc'
calls = [
    lambda: f(1),
    lambda: f(1, 2),
    lambda: f(1, 2, 3),
    lambda: f(1, 2, c=3, d=4),
    lambda: f(1, 2, a=1, c=3),
    lambda: g(x=1),
    lambda: K().m(),
    lambda: K().m(1, 2),
    lambda: len(),
    lambda: len(1, 2),
    lambda: (lambda: 0)(1),
    lambda: num(),
    lambda: text(),
]
for c in calls:
    try:
        c()
    except TypeError as e:
        print('TypeError:', e)
