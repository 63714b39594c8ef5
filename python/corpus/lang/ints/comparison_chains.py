# Checks chained comparisons, mixed int/float comparisons and bools as ints.
x = 5
print(1 < x < 10, 1 < x > 10, 1 < 2 < 3 < 4 > 2)
print(1 == 1.0, 2 ** 53 == 2.0 ** 53, 2 ** 53 + 1 == 2.0 ** 53 + 1)
print(True + True, True * 10, False - 1)
print(True == 1, 0 == False, (1 == True) is True)
calls = []
def f(v):
    calls.append(v)
    return v
print(f(1) < f(0) < f(5))
print(calls)
print(3 != 3.0, 'a' < 'b' < 'c', [1, 2] < [1, 3], (1, 2) < (1, 2, 0))
