# Checks throw(): caught inside and yielding returns the value, uncaught propagates after finally. [GEN-5] [GEN-6] [GEN-4]
def g():
    while True:
        try:
            yield 'ready'
        except ValueError as e:
            print('caught inside', e)
            yield 'recovered'
gen = g()
print(next(gen))
print(gen.throw(ValueError('bad')))
print(next(gen))
def h():
    try:
        yield 1
    finally:
        print('h finally')
gen2 = h()
next(gen2)
try:
    gen2.throw(KeyError('k'))
except KeyError as e:
    print('propagated', repr(e))
print(next(gen2, 'closed'))
gen3 = h()
try:
    gen3.throw(RuntimeError('before start'))
except RuntimeError as e:
    print('unstarted throw', e)
try:
    gen.throw(42)
except TypeError as e:
    print('TypeError:', e)
