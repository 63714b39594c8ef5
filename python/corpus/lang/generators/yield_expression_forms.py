# Checks yield expression forms: yielding tuples, bare yield giving None, yield inside expressions.
def g():
    received = yield 1, 2
    print('received', received)
    x = (yield) or 'default'
    print('x is', x)
    y = 10 + (yield 'needs parens')
    print('y is', y)
    z = yield [i * y for i in range(2)]
    print('z is', z)
it = g()
print(next(it))
print(it.send('hello'))
print(it.send(None))
print(it.send(5))
print(next(it, 'exhausted'))
