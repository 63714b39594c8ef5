# Checks round(): banker's rounding on ints-as-halves and float representation effects.
for v in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5]:
    print(v, round(v))
print(round(2.675, 2), round(0.125, 2), round(0.375, 2), round(1.005, 2))
print(round(3.14159, 3), round(-3.14159, 1), round(1234.5678, -2))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, 0))
print(round(7), round(7, 1), round(-0.4))
