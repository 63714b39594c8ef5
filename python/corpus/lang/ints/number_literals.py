# Checks numeric literal forms: underscores, bases, exponents, and leading-zero rules.
print(1_000_000, 0x_FF, 0o_17, 0b_1010, 1e1_0, 1_0.5e-1, .5, 5., 0e0, 00, 0_0)
print(0xDEADBEEF, 0O777, 0B11, 1E3, 1e-3, 123456789012345678901234567890)
print(type(1e3).__name__, type(10 ** 3).__name__, 1e3 == 1000, 0.1e1)
