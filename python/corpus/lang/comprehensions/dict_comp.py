# Checks dict comprehensions, key collision keeps last value at first position, and zip-built dicts.
print({x: x ** 2 for x in range(5)})
print({k: v for k, v in [('a', 1), ('b', 2), ('a', 3)]})
print({w: len(w) for w in 'one two three'.split() if len(w) > 3})
keys, vals = ['x', 'y', 'z'], [1, 2, 3]
print({k: v for k, v in zip(keys, vals)}, dict(zip(keys, vals)))
print({i % 3: i for i in range(10)})
