# Checks OverflowError when big ints meet floats: true division, float(), and mixed arithmetic.
big = 2 ** 1100
print(big // 3 > 0, big % 3, (big // big))
for action in [lambda: big / 3, lambda: float(big), lambda: big * 1.0, lambda: 3 / big]:
    try:
        print(action())
    except OverflowError as e:
        print('OverflowError:', e)
print(2 ** 1000 / 2 ** 990, (2 ** 1023) * 2.0 == float('inf'))
