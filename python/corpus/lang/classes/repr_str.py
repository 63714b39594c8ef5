# Checks __repr__ and __str__: print uses str, containers use repr, default repr falls back, f-string !r.
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f'Money({self.cents})'
    def __str__(self):
        return f'${self.cents // 100}.{self.cents % 100:02d}'
class OnlyRepr:
    def __repr__(self):
        return '<OnlyRepr>'
m = Money(1234)
print(m, repr(m), [m], {'k': m}, (m,))
print(f'{m} {m!r} {m!s}', str(m), '%s %r' % (m, m))
print(OnlyRepr(), str(OnlyRepr()), [OnlyRepr()])
print('{} {!r}'.format(m, m))
