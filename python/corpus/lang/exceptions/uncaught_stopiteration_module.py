# Checks an uncaught StopIteration from next() at module level prints a traceback with a bare StopIteration.
it = iter([])
print('calling next on an empty iterator')
next(it)
