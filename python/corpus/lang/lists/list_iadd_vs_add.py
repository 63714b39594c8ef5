# Checks list += accepts any iterable while list + needs a list, and extend with generators and strings.
xs = [1]
xs += (2, 3)
xs += range(4, 6)
xs += 'ab'
xs += (c for c in 'XY')
print(xs)
try:
    xs = xs + (9,)
except TypeError as e:
    print('TypeError:', e)
ys = [0]
ys.extend({7: 'seven'})
ys.extend(iter([8]))
print(ys, [1] * 3 + [2], [[0]] * 2)
