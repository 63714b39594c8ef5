# Checks float literals with a trailing point or a point before the exponent (`5.`, `1.e3`), and `1..real`-style attribute access.
values = [5., 0., 10_0., 1.e3, 2.E-2, 7.e+1]
print(values, [type(v).__name__ for v in values])
print(5. + 1, 3. // 2., -1.  * 2, (4.), [1., 2.][1], {1.: 'one'}[1])
print(1..is_integer(), 2.5.is_integer(), 12..__class__.__name__)
x = 3.; y = x * 2.
print(x, y, f'{9.:.2f}', '%.1f' % 8.)
def f(a=1., *, b=2.):
    return a + b
print(f(), f(b=0.), max(1., 2), round(7.))
