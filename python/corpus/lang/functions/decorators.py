# Checks decorators: plain wrappers, decorators with arguments, stacking order, and functools.wraps.
import functools
def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print('call', fn.__name__, args, kwargs)
        result = fn(*args, **kwargs)
        print('ret', result)
        return result
    return wrapper
def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
@trace
def add(a, b=0):
    return a + b
add(1, b=2)
print(add.__name__)
@repeat(3)
def hi(name):
    return 'hi ' + name
print(hi('x'))
def tag(t):
    def deco(fn):
        return lambda: f'<{t}>{fn()}</{t}>'
    return deco
@tag('b')
@tag('i')
def text():
    return 'x'
print(text())
