# Checks KeyError messages (repr of the key), unhashable keys and mutation during iteration.
d = {'a': 1}
for key in ['missing', 42, (1, 2), '']:
    try:
        d[key]
    except KeyError as e:
        print('KeyError:', e, repr(e), e.args)
try:
    d.pop('nope')
except KeyError as e:
    print('KeyError:', e)
try:
    {}.popitem()
except KeyError as e:
    print('KeyError:', e)
try:
    d[[1]] = 2
except TypeError as e:
    print('TypeError:', e)
try:
    for k in d:
        d[k + 'x'] = 0
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    del d['zz']
except KeyError as e:
    print('KeyError:', e)
