# return inside a generator's try runs finally before StopIteration [GEN-4]
def g():
    try:
        yield 'a'
        return 'r'
    finally:
        print('finally')

it = g()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print('value', e.value)
