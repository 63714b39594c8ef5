# A generator cannot resume itself: ValueError generator already executing [GEN-11]
def g():
    yield me.send(None)

me = g()
try:
    next(me)
except ValueError as e:
    print('ValueError:', e)
