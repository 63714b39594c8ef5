# throw() raises inside the generator at the paused yield [GEN-6]
def g():
    try:
        yield 1
    except ValueError as e:
        print('caught inside', e)
        yield 'recovered'
    yield 'after'

it = g()
print(next(it))
print(it.throw(ValueError('boom')))
print(next(it))
