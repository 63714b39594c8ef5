# Checks generator functions: lazy execution, state between yields, StopIteration at the end. [GEN-2] [GEN-3]
def gen():
    print('start')
    yield 1
    print('middle')
    yield 2
    print('end')
g = gen()
print('created', type(g).__name__)
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print('StopIteration', e.value)
print(list(gen()))
