# A generator's return value travels in StopIteration.value [GEN-4]
def g():
    yield 1
    return 'done'

it = g()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print('StopIteration value:', e.value)
