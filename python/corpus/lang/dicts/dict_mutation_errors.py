# Checks errors for changing a dict or set while iterating over it, and safe patterns that do not raise.
d = {1: 'a', 2: 'b'}
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print('RuntimeError:', e)
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print('RuntimeError:', e)
d = {1: 'a', 2: 'b'}
for k in d:
    d[k] = d[k].upper()
print(d)
keys = d.keys()
try:
    for k in keys:
        d.pop(k)
except RuntimeError as e:
    print('RuntimeError:', e)
print(d)
