# Checks the traceback when an exception raised in an except handler escapes (implicit chaining).
try:
    [1, 2, 3].index(9)
except ValueError as e:
    print('handling:', e)
    raise RuntimeError('handler failed')
