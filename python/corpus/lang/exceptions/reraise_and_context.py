# Checks bare raise, __context__ from raising inside except, __cause__ from raise from, and from None.
def a():
    try:
        {}['k']
    except KeyError:
        raise ValueError('while handling')
def b():
    try:
        int('x')
    except ValueError as e:
        raise RuntimeError('wrapped') from e
def c():
    try:
        1 / 0
    except ZeroDivisionError:
        raise TypeError('clean') from None
for f in [a, b, c]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e, '| context:', repr(e.__context__), '| cause:', repr(e.__cause__),
              '| suppress:', e.__suppress_context__)
try:
    try:
        raise OSError('first')
    except OSError:
        raise
except OSError as e:
    print('re-raised', e)
