# Checks isinstance/issubclass with X | Y union types (3.10+) and their repr.
print(isinstance(3, int | str), isinstance('s', int | str), isinstance(None, int | None), isinstance(2.5, int | str))
print(int | str, int | None, issubclass(bool, int | float))
def describe(v):
    if isinstance(v, int | float):
        return 'number'
    if isinstance(v, (list, tuple) ):
        return 'sequence'
    return 'other'
print([describe(v) for v in [1, 2.0, [1], (2,), 'x', True]])
