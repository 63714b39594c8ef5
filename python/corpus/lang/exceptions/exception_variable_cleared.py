# Checks that the `except ... as e` name is deleted after the handler, and sys.exc_info inside/outside.
import sys
try:
    raise ValueError('v')
except ValueError as e:
    print('inside', sys.exc_info()[0].__name__, e)
print(sys.exc_info())
try:
    print(e)
except NameError as err:
    print('NameError:', err)
def f():
    try:
        raise KeyError('inner')
    except KeyError:
        return sys.exc_info()[1]
print(repr(f()))
