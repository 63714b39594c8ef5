# Checks a generator suspended inside `with`: close() raises GeneratorExit there and __exit__ sees it.
class CM:
    def __enter__(self):
        print('enter')
    def __exit__(self, typ, val, tb):
        print('exit with', typ.__name__ if typ else None)
        return False
def gen():
    with CM():
        yield 1
        yield 2
g = gen()
print(next(g))
g.close()
print('closed')
h = gen()
print(list(h))
