# Checks StopIteration from next(), RuntimeError with messages, and raising a class vs an instance.
it = iter([1])
print(next(it))
try:
    next(it)
except StopIteration as e:
    print('StopIteration', repr(e), e.value)
try:
    raise RuntimeError
except RuntimeError as e:
    print('RuntimeError', repr(e), str(e) == '')
try:
    raise RuntimeError('something went wrong')
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    raise 42
except TypeError as e:
    print('TypeError:', e)
try:
    raise ValueError from 5
except TypeError as e:
    print('TypeError:', e)
