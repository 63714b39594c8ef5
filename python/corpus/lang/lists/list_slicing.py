# Checks list slicing, slice assignment and deletion, including extended slices.
xs = list(range(10))
print(xs[2:5], xs[::3], xs[::-2], xs[-3:])
xs[2:5] = ['a', 'b']; print(xs)
xs[:0] = [100]; print(xs)
xs[::2] = [0] * len(xs[::2]); print(xs)
del xs[1::3]; print(xs)
del xs[-1]; print(xs)
ys = [1, 2, 3]
ys[1:1] = [9, 9]; print(ys)
ys[len(ys):] = [4]; print(ys)
try:
    ys[::2] = [1]
except ValueError as e:
    print('ValueError:', e)
try:
    ys[10] = 1
except IndexError as e:
    print('IndexError:', e)
