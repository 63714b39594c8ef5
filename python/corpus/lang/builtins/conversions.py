# Checks str/int/float/bool/list/tuple/dict/set conversions and their reprs.
print(str(1.0), str(-0.5), str(10 ** 20), str([1, 'a']), str({'a': (1,)}))
print(int('  7 '), float(7), float('inf'), bool(''), bool('False'), list('abc'), tuple([1]))
print(list({'a': 1, 'b': 2}), list({'a': 1}.items()), dict([('k', 'v')]), sorted(set('hello')))
print(int(-7.9), int('-0'), float('-0'), str(float('-0')), repr(-0.0))
print(chr(9731), ord('A'), str(b'x'), repr(str), bin(-5), abs(-0.0))
print(list(range(3)) == [0, 1, 2], tuple(range(3)), list(map(int, '123')))
