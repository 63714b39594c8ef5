# Checks repr of floats: shortest round-trip digits, exponents, inf and nan.
vals = [0.1, 0.2, 0.1 + 0.2, 1.0, -0.0, 1e16, 1e15, 123456789012345678.0, 1e-5, 0.0001, 1.5e-7,
        2.5, 1 / 3, 2 / 3, 100.0, 1e22, 1e300 * 10, float('inf'), -float('inf'), 3.14159]
for v in vals:
    print(repr(v), str(v))
print(float('nan'), float('-inf'), float('1e500'))
print([0.1, 1e100, -2.5e-10])
print(float('  3.25  '), float('-1_0.5'), float('.5'), float('5.'))
print(1e16 + 1, 9007199254740993.0)
