# Checks ** with negative exponents, three-argument pow and 0 ** 0.
print(2 ** 10, 2 ** -1, 2 ** -2, (-2) ** -1)
print(0 ** 0, 0.0 ** 0)
print(pow(2, 10), pow(2, 100, 1000), pow(3, 200, 7))
print(pow(-3, 3), pow(-3, 3, 5))
print(pow(3, -1, 7))
print(10 ** 0, (-1) ** 101)
print(2 ** 0.5)
print(4 ** 0.5, 27 ** (1 / 3))
