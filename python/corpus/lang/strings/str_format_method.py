# Checks str.format: positional, auto/explicit numbering, keywords, attributes, indexing, conversions.
print('{} {} {}'.format(1, 'a', None))
print('{1} {0} {1}'.format('x', 'y'))
print('{name}-{n:03d}'.format(name='id', n=7))
print('{0[1]} {0[0]} {1[k]}'.format(['a', 'b'], {'k': 'v'}))
class P:
    x = 3
print('{p.x} {p.__class__.__name__}'.format(p=P()))
print('{!r} {!s} {:>5}|'.format('q', 'q', 'q'))
print('{:{w}.{p}f}'.format(3.14159, w=8, p=2))
print('{{}} {}'.format(5))
for fmt, args in [('{} {}', (1,)), ('{0} {}', (1, 2)), ('{x}', ())]:
    try:
        print(fmt.format(*args))
    except (IndexError, ValueError, KeyError) as e:
        print(type(e).__name__ + ':', e)
