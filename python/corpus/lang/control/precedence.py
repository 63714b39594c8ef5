# Checks operator precedence: unary minus vs **, not vs ==, and/or, comparisons vs bitwise, conditional expressions.
print(-2 ** 2, (-2) ** 2, 2 ** -1, 2 ** 3 ** 2, -3 % 5, -(3 % 5))
print(not 1 == 2, not (1 == 2), (not 1) == 2)
print(True or False and False, (True or False) and False, 1 or 0 and 0)
print(1 + 2 * 3 - 4 / 2, (1 + 2) * 3, 7 // 2 * 2, 7 % 3 * 2, 2 * 7 % 3)
print(1 | 2 ^ 3 & 4, 1 << 2 + 1, 6 & 3 == 2, (6 & 3) == 2)
print(1 if 0 else 2 if 0 else 3, 'a' if 'x' in 'xyz' else 'b')
print(3 > 2 == 2, 1 < 2 > 1, 2 in [1, 2] == True, (2 in [1, 2]) == True)
x = 5
x -= -1
print(x, - - x, +-x, ~-x, -~x)
