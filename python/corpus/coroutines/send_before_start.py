# Sending a non-None value to a just-started generator is a TypeError [GEN-2]
def g():
    x = yield 1
    print('got', x)

it = g()
try:
    it.send(5)
except TypeError as e:
    print('TypeError:', e)
print(next(it))
try:
    it.send('hi')
except StopIteration:
    print('StopIteration')
