# Checks a traceback through a generator frame consumed by a for loop.
def numbers():
    yield 1
    yield 2
    raise RuntimeError('generator failed')
for n in numbers():
    print('got', n)
