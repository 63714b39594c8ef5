# Checks ValueError when a generator calls next() on itself. [GEN-12]
def g():
    yield next(me)
me = g()
try:
    next(me)
except ValueError as e:
    print('ValueError:', e)
