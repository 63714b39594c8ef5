# Checks if/elif/else and truthiness of builtin values, and/or returning operands.
vals = [0, 1, -1, 0.0, '', 'a', [], [0], {}, {'k': 0}, None, (), set(), range(0), range(1)]
for v in vals:
    if v:
        print(repr(v), 'truthy')
    elif v is None:
        print('None branch')
    else:
        print(repr(v), 'falsy')
print(0 or 'x', 'a' or 'b', '' and 1, 2 and 3, None or [] or 0, not [], not 5)
x = 7
print('big' if x > 5 else 'small', 'even' if x % 2 == 0 else 'odd')
