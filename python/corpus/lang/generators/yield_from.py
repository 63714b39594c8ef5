# Checks yield from: delegation, the inner return value, send forwarding and close order. [GEN-14]
def inner():
    x = yield 'inner-1'
    print('inner got', x)
    yield 'inner-2'
    return 'inner-result'
def outer():
    result = yield from inner()
    print('outer got', result)
    yield 'outer-end'
g = outer()
print(next(g))
print(g.send('hello'))
print(next(g))
print(list(outer()))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], 'ab', range(2))))
def deep():
    try:
        yield 1
    finally:
        print('inner finally')
def wrap():
    try:
        yield from deep()
    finally:
        print('outer finally')
w = wrap()
next(w)
w.close()
