# Checks % and // on floats with signs, float equality with ints, and inf/nan arithmetic.
for a, b in [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2), (1.0, 0.1), (5, 2.5)]:
    print(a, b, a // b, a % b)
inf = float('inf')
print(inf + 1, inf - inf, inf * 0, -inf < 0 < inf, inf == inf, 1 / inf)
print(0.1 + 0.7, 1.1 * 3, 3.0 == 3, hash(3.0) == hash(3), 1e308 * 10, -1e308 * 10)
print(float(7) / 2, 7 / 2.0, int(7 / 2), 7.0 // 2, -7.0 // 2)
