# Checks repr of nested containers, recursive structures, floats inside containers and empty containers.
a = [1, [2, [3, [4]]]]
print(a, repr(a), str(a))
d = {'list': [1.5, -0.0], 'tuple': (None,), 'set': {1}, 'empty': [(), {}, set(), '']}
print(d)
r = {'self': None}
r['self'] = r
print(r)
l = []
l.append(l)
print(l, [l])
print(repr("quote'in"), ["quote'in"], ['"'], [b'\x00'])
