# Checks that globals() holds module names and locals() a function's, and dir() of a class lists its attributes.
x = 1
def f(a, b=2):
    c = a + b
    return sorted(locals().items())
print(f(1))
print('x' in globals(), 'f' in globals(), globals()['x'], '__name__' in globals())
class K:
    alpha = 1
    def beta(self):
        pass
print([n for n in dir(K) if not n.startswith('_')])
