# Checks class-body names are not visible inside methods or nested comprehensions' inner loops, and __class__.
x = 'global x'
class C:
    x = 'class x'
    def method(self):
        return x
    ys = [x for _ in range(1)]
    zs = [(lambda: x)() for _ in range(1)]
    def who(self):
        return __class__.__name__
print(C().method(), C.ys, C.zs, C().who())
class D(C):
    pass
print(D().who(), D.x)
def outer():
    v = 'enclosing'
    class Inner:
        v = 'class v'
        def get(self):
            return v
    return Inner().get()
print(outer())
