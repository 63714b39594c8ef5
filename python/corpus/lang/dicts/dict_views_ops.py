# Checks dict views, | and |= merge operators, comparisons and nested dicts.
a = {'x': 1, 'y': 2}
b = {'y': 20, 'z': 30}
print(a | b, b | a)
a |= {'w': 0}
print(a)
print(sorted(a.keys() & b.keys()), sorted(a.keys() - b.keys()), a.items() >= {('x', 1)})
ks = a.keys()
a['new'] = 5
print(ks, len(ks), 'new' in ks)
print(list(reversed(a)), {'a': 1, 'b': 2} == {'b': 2, 'a': 1})
nested = {'outer': {'inner': [1, {'deep': True}]}}
print(nested['outer']['inner'][1]['deep'], nested)
print(repr({}), repr({'k': None, 'q': 'v'}))
