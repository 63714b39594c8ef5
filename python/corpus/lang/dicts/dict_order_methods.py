# Checks dict insertion order, update/overwrite keeps position, deletion and re-insertion, views.
d = {'b': 1, 'a': 2}
d['c'] = 3
d['b'] = 10
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()))
del d['b']
d['b'] = 4
print(d)
d.update({'a': 0, 'z': 26}, y=25)
print(d)
print(d.get('q'), d.get('q', 0), d.setdefault('a', 99), d.setdefault('n', []), d)
print(d.pop('z'), d.pop('missing', 'dflt'), d.popitem(), d)
print(len(d), 'a' in d, 2 in d, dict.fromkeys('ab', 0), dict([(1, 2), (3, 4)]), dict(x=1))
e = d.copy(); e.clear(); print(e, d == e)
print({1: 'a', 1.0: 'b', True: 'c'})
