# Checks float arithmetic, int(), is_integer, comparisons with nan and float errors.
print(0.1 * 3, 0.3 == 0.1 * 3, abs(0.3 - 0.1 * 3) < 1e-9)
print((2.5).is_integer(), (3.0).is_integer())
nan = float('nan')
print(nan == nan, nan != nan, nan < 1, nan is nan, [nan] == [nan])
print(int(-2.5), -2.5 // 1, round(-2.5), 16 ** 0.5, 2 ** 0.5)
print(float(10 ** 20), 1e20 == 10 ** 20)
print(max(1.5, 2), min(-0.0, 0.0), sum([0.1] * 10))
try:
    float('abc')
except ValueError as e:
    print('ValueError:', e)
try:
    int(float('inf'))
except OverflowError as e:
    print('OverflowError:', e)
try:
    int(float('nan'))
except ValueError as e:
    print('ValueError:', e)
try:
    2.0 ** 10000
except OverflowError as e:
    print('OverflowError:', e)
