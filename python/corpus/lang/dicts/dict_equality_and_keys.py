# Checks dict equality ignores order, numeric key unification (1, 1.0, True) and tuple keys.
print({'a': 1, 'b': 2} == {'b': 2, 'a': 1}, {'a': 1} == {'a': 1.0}, {'a': [1]} != {'a': (1,)})
d = {}
d[1] = 'int'
d[1.0] = 'float'
d[True] = 'bool'
print(d, len(d))
d[(1, 2)] = 'tuple'
d[2.5] = 'real float'
print(d[(1, 2)], d[2.5], list(d))
print(dict(a=1, b=2) | {'a': 3}, {**{'x': 1}, **{'x': 2, 'y': 3}})
counts = dict.fromkeys(['a', 'b'], 0)
counts['a'] += 1
print(counts, {k: v for k, v in sorted(counts.items(), reverse=True)})
