# send() on an exhausted generator raises StopIteration every time [GEN-4]
def g():
    yield 1

it = g()
next(it)
for _ in range(2):
    try:
        it.send(None)
    except StopIteration:
        print('StopIteration')
