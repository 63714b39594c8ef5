# Checks TypeErrors when dunders return the wrong type: __repr__, __str__, __len__, __bool__, __iter__, __index__.
class R:
    def __repr__(self):
        return 42
class S:
    def __str__(self):
        return None
class L:
    def __len__(self):
        return '3'
class B:
    def __bool__(self):
        return 1
class I:
    def __iter__(self):
        return [1, 2]
class X:
    def __index__(self):
        return 1.5
for action in [lambda: repr(R()), lambda: str(S()), lambda: len(L()), lambda: bool(B()),
               lambda: iter(I()), lambda: [0, 1][X()], lambda: print(S())]:
    try:
        action()
    except TypeError as e:
        print('TypeError:', e)
