# Checks printf-style % formatting and its errors.
print('%s and %r' % ('a', 'a'))
print('%d %i %5d %-5d| %05d %+d' % (42, 7, 3, 3, 42, 5))
print('%x %X %o %#x %#o %c %c' % (255, 255, 8, 255, 8, 65, 'z'))
print('%.2f %10.3f %e %g %%' % (3.14159, 2.5, 12345.678, 0.00001))
print('%(name)s is %(age)d' % {'name': 'Bo', 'age': 7})
print('%s' % (1, ), '%s' % [1, 2], '%s' % 'x', '%*d|' % (5, 1), '%.*f' % (2, 1.23456))
print('%d' % 3.99, '%s' % None, '%r' % 1.5)
for fmt, args in [('%d', 'x'), ('%s %s', (1,)), ('%s', (1, 2)), ('%z', 1)]:
    try:
        print(fmt % args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ':', e)
