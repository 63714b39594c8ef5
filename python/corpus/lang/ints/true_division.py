# Checks / on ints gives floats, and int/float mixing.
print(7 / 2, 6 / 3, -7 / 2, 1 / 3)
print(10 / 4 * 2)
print(2 ** 53 + 1, float(2 ** 53 + 1))
print(1 / 7 * 7 == 1)
print(type(4 / 2).__name__, type(4 // 2).__name__, type(4.0 // 2).__name__)
print(7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2)
print(divmod(7.5, -2))
print(10 ** 20 / 10 ** 10)
