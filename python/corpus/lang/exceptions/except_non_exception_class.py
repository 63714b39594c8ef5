# Checks `except` with a class that is not an exception: accepted until an exception must be matched.
class NotAnError:
    pass
try:
    pass
except NotAnError:
    pass
print('no exception, no check')
try:
    try:
        raise ValueError('real')
    except NotAnError:
        print('never')
except TypeError as e:
    print('TypeError:', e, '| context:', repr(e.__context__))
try:
    raise NotAnError()
except TypeError as e:
    print('TypeError:', e)
