# Checks PEP 479: StopIteration raised inside a generator becomes RuntimeError. [GEN-11]
def g():
    yield 1
    next(iter([]))
    yield 2
it = g()
print(next(it))
try:
    next(it)
except RuntimeError as e:
    print('RuntimeError:', e, '| cause:', repr(e.__cause__))
