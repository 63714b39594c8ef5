# Checks exact CPython messages of common builtin errors.
tests = [
    lambda: [1, 2][5],
    lambda: (1,)[-3],
    lambda: {'a': 1}['b'],
    lambda: int('abc'),
    lambda: float('1,5'),
    lambda: undefined_name,
    lambda: None + 1,
    lambda: [] + (),
    lambda: len(5),
    lambda: 'x' * 'y',
    lambda: [1] * 1.5,
    lambda: iter(5),
    lambda: next(iter([])),
    lambda: {}.fromkeys(1),
    lambda: abs('x'),
    lambda: hash([]),
    lambda: sum(['a', 'b']),
    lambda: min([]),
    lambda: max(1),
    lambda: chr(-1),
    lambda: ord('ab'),
    lambda: 'abc'.index('d'),
    lambda: [].index(3),
    lambda: -'x',
    lambda: ~1.5,
    lambda: 1 < None,
    lambda: round('x'),
    lambda: int(None),
    lambda: list(1),
    lambda: dict([1, 2]),
]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__ + ':', e)
