# Checks del on names, list items and slices, dict keys, attributes, and errors for missing targets.
xs = [0, 1, 2, 3, 4, 5]
del xs[0]
del xs[1:3]
print(xs)
d = {'a': 1, 'b': 2}
del d['a']
print(d)
class Box:
    pass
b = Box()
b.item = 'x'
del b.item
print(hasattr(b, 'item'))
a, c = 1, 2
del a, c
for action in [lambda: xs.__delitem__(10), lambda: d.__delitem__('zz'), lambda: delattr(b, 'item')]:
    try:
        action()
    except (IndexError, KeyError, AttributeError) as e:
        print(type(e).__name__ + ':', e)
try:
    del undefined_thing
except NameError as e:
    print('NameError:', e)
