# yield from delegation of send/throw with the inner finally, return values, close with GeneratorExit (re-raised, ignored), genexpr state, gi_yieldfrom of a list
def inner():
    try:
        x = yield 1
        print('inner got', x)
        y = yield 2
        print('inner got', y)
    except KeyError as e:
        print('inner caught', e)
        yield 'after-throw'
    finally:
        print('inner finally')
    return 'inner-result'
def outer():
    r = yield from inner()
    print('outer result', r)
    yield 'outer-last'
g = outer()
print(next(g), g.send('a'), g.throw(KeyError('k')))
print(next(g))
print(list(g))
def counter():
    n = 0
    while True:
        cmd = yield n
        if cmd == 'stop':
            return n
        n += 1
c = counter()
next(c); c.send(None); c.send(None)
try:
    c.send('stop')
except StopIteration as e:
    print('stopped with', e.value)
ge = (x * x for x in range(3))
print(ge.__name__, ge.gi_running, next(ge), list(ge), ge.gi_frame)
def closer():
    try:
        yield 1
    except GeneratorExit:
        print('GeneratorExit seen')
        raise
cl = closer(); next(cl); cl.close(); print(cl.gi_frame)
def bad():
    try:
        yield 1
    except GeneratorExit:
        yield 2
b = bad(); next(b)
try:
    b.close()
except RuntimeError as e:
    print('RuntimeError:', e)
yf = (lambda: (yield from [1, 2]))()
print(next(yf), yf.gi_yieldfrom is not None)
