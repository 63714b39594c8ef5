# Checks exception args, str() and repr() of builtin exceptions with zero, one and several arguments.
for e in [ValueError(), ValueError('msg'), ValueError('a', 1), KeyError('k'), KeyError(), IndexError(3),
          OSError(2, 'No such file'), RuntimeError(None), Exception([1, 2])]:
    print(repr(e), '|', str(e), '|', e.args)
e = StopIteration(42)
print(e.value, repr(e))
s = SystemExit(3)
print(s.code, repr(SystemExit()), SystemExit().code)
err = ValueError('x')
err.extra = 'attached'
print(err.extra, isinstance(err, Exception), type(err).__mro__[1].__name__)
