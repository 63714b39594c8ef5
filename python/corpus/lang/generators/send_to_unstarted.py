# Checks send(non-None) on a just-started generator raises TypeError and leaves it usable. [GEN-1]
def g():
    x = yield 'first'
    print('got', x)
    yield 'second'
gen = g()
try:
    gen.send(5)
except TypeError as e:
    print('TypeError:', e)
print(gen.send(None))
print(gen.send('hello'))
