# Checks safe mutation while looping: iterate over a copy of a list, over list(d) of a dict.
xs = [1, 2, 3, 4, 5, 6]
for x in xs[:]:
    if x % 2 == 0:
        xs.remove(x)
print(xs)
d = {'a': 1, 'b': 2, 'c': 3}
for k in list(d):
    if d[k] > 1:
        del d[k]
print(d)
ys = [1, 2, 3]
for y in ys:
    if y == 1:
        ys.append(4)
print(ys)
i = 0
zs = [0, 1, 2, 3]
for z in zs:
    zs.pop(0) if i == 0 else None
    i += 1
print(zs, i)
