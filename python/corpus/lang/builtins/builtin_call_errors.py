# Checks argument errors of builtins: keywords they refuse, wrong counts, and wrong types.
cases = [
    lambda: len(obj=[1]),
    lambda: sorted([2, 1], lambda x: x),
    lambda: sum(),
    lambda: abs(1, 2),
    lambda: int('5', 2, 3),
    lambda: range(),
    lambda: range(1, 2, 3, 4),
    lambda: isinstance(1),
    lambda: enumerate(),
    lambda: dict(1),
    lambda: round(1.5, '1'),
    lambda: divmod(1),
    lambda: max(key=len),
    lambda: 'x'.join(),
    lambda: [].append(1, 2),
]
for c in cases:
    try:
        c()
    except TypeError as e:
        print('TypeError:', e)
