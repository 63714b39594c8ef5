# Checks `t[0] += [x]` on a list inside a tuple: TypeError is raised but the list was already extended.
t = ([1, 2], 'x')
try:
    t[0] += [3]
except TypeError as e:
    print('TypeError:', e)
print(t)
t[0].extend([4])
print(t)
