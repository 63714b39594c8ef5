# Checks error messages of str.format and format specs: bad braces, missing indices, wrong spec for the type.
cases = [
    lambda: '{'.format(),
    lambda: '}'.format(),
    lambda: '{0:{1}}'.format(1),
    lambda: '{:d}'.format('x'),
    lambda: f'{None:>5}',
    lambda: format([], 'x'),
    lambda: '{:,s}'.format('x'),
    lambda: '{:=}'.format('text'),
    lambda: '{name}'.format(nam=1),
    lambda: '{0.missing}'.format(3),
]
for c in cases:
    try:
        print(c())
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as e:
        print(type(e).__name__ + ':', e)
print('{!s:>5}|{!r:>5}|{:5}|'.format(None, None, 'ab'))
