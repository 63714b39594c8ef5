# Checks exact decimal expansions of floats, the float limits' reprs and int() of large floats.
print(format(0.1, '.20f'), format(0.1, '.30e'), '%.25f' % 1.1, format(2 ** -10, '.12f'))
print(5e-324, 2.2250738585072014e-308, 1.7976931348623157e+308, 5e-324 / 2, 1.7976931348623157e+308 * 1.0000001)
print(int(1e100))
print(float(10 ** 23), 10 ** 23 == 1e23, int(1e23), 2 ** 53 == float(2 ** 53 + 1))
print(format(1e16, 'f'), format(123456789.987654321, '.3f'), format(1 / 3, '.17g'))
