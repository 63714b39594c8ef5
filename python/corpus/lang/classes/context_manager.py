# Checks __enter__/__exit__: as-binding, exit on exception, suppression by returning True, nesting order.
class CM:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print('exit', self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress
with CM('a') as v:
    print('body', v)
with CM('outer'), CM('inner') as w:
    print('nested body', w)
with CM('s', suppress=True):
    raise ValueError('swallowed')
print('after suppressed')
try:
    with CM('p'):
        1 / 0
except ZeroDivisionError as e:
    print('propagated', e)
def early():
    with CM('ret'):
        return 'returned'
print(early())
