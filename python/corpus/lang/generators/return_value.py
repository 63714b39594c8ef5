# Checks return v in a generator becomes StopIteration.value, and later next() gives a bare StopIteration. [GEN-3] [GEN-16]
def g():
    yield 1
    return 'result'
it = g()
next(it)
try:
    next(it)
except StopIteration as e:
    print('value:', e.value, repr(e))
try:
    next(it)
except StopIteration as e:
    print('again:', e.value)
try:
    it.send('x')
except StopIteration as e:
    print('send after end:', e.value)
def bad():
    yield 1
    raise ValueError('inside')
b = bad()
next(b)
try:
    next(b)
except ValueError as e:
    print('ValueError:', e)
print(next(b, 'exhausted'))
