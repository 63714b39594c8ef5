# Checks floor division and modulo with every sign combination (Python floors, the sign of % follows the divisor).
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (6, 3), (-6, 3), (1, -5)]
for a, b in pairs:
    print(a, b, a // b, a % b, divmod(a, b))
print(-1 // 10, -1 % 10)
print((-2) ** 2, -2 ** 2)
print(-(10 ** 25) // 3, -(10 ** 25) % 3)
print(divmod(-(2 ** 70), 12345))
