# yield from forwards send() to the inner generator and returns its value [GEN-5]
def inner():
    total = 0
    while True:
        x = yield total
        if x is None:
            return total
        total += x

def outer():
    result = yield from inner()
    print('inner returned', result)
    yield 'end'

o = outer()
print(next(o))
print(o.send(3))
print(o.send(4))
print(o.send(None))
