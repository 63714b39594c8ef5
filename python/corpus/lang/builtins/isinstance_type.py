# Checks isinstance with tuples and bool/int, type(), issubclass and basic type names.
vals = [1, True, 1.5, 'a', b'a', [1], (1,), {1: 2}, {1}, None, range(1), len, object()]
for v in vals[:-1]:
    print(type(v).__name__, isinstance(v, int), isinstance(v, (list, tuple)), isinstance(v, object))
print(isinstance(True, bool), isinstance(1, bool), type(True) is bool)
print(issubclass(bool, (str, int)), issubclass(KeyError, LookupError), issubclass(int, object))
print(type(vals[-1]).__name__, type(type).__name__)
try:
    isinstance(1, 'int')
except TypeError as e:
    print('TypeError:', e)
