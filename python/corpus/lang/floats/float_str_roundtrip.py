# Checks that repr of floats round-trips through float() and str of float arithmetic results.
vals = [0.1 * i for i in range(1, 11)]
print(vals)
print(all(float(repr(v)) == v for v in vals))
print([round(v, 2) for v in vals])
print(sum(vals), sum(vals) == 5.5, round(sum(vals), 9))
print(1 / 3 + 1 / 3 + 1 / 3, 2 / 3 * 3, 100 * 1.1, 1.15 * 100)
print(str(1e-10), str(123456789.0), str(1234567890123456789.0), str(0.000123))
