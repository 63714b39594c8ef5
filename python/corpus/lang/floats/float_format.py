# Checks float formatting with format specs: fixed, exponent, general, percent, width, sign.
x = 1234.56789
print(f'{x:.2f}|{x:10.1f}|{x:<10.1f}|{x:^12.3f}|{x:+.0f}')
print(f'{x:e}|{x:.3E}|{x:g}|{x:.3g}|{0.00001234:g}|{1e20:g}')
print(f'{0.256:%}|{0.256:.1%}|{x:,.2f}|{x:_.3f}')
print(f'{-0.0:.1f}|{2.5:.0f}|{3.5:.0f}|{0.125:.2f}')
print(f'{x:012.3f}|{-x:012.3f}|{x: .2f}')
print(format(1e-7), format(123.0), format(1.0, 'n'), format(1e16, '.0f'))
print('%.3f %e %g %5.1f %-8.2f|' % (x, x, x, x, x))
print('{:.4}'.format(3.14159265), '{:10.4}|'.format(2.0))
