# Checks a traceback through a decorator's wrapper frame and functools.wraps keeping the wrapped name.
import functools
def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        print('calling', fn.__name__, args)
        return fn(*args)
    return wrapper
@logged
def reciprocal(x):
    return 1 / x
print(reciprocal(4))
print(reciprocal(0))
