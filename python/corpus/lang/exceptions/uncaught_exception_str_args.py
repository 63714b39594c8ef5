# Checks the last traceback line for an exception with several args and an empty message.
def fail(kind):
    if kind == 1:
        raise ValueError('a', 2)
    raise ValueError('')
try:
    fail(1)
except ValueError as e:
    print('caught', e)
fail(2)
