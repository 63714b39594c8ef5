# Checks split, rsplit, splitlines, partition, join and strip families.
s = '  a,b,,c  '
print(s.split(','), s.strip().split(','), s.split())
print('a b  c\td\n'.split(), 'a,b,c,d'.split(',', 2), 'a,b,c,d'.rsplit(',', 2))
print('line1\nline2\r\nline3\n'.splitlines(), 'x\ny\n'.splitlines(True))
print('key=value=x'.partition('='), 'key=value=x'.rpartition('='), 'abc'.partition('z'))
print('-'.join(['a', 'b', 'c']), ''.join(map(str, range(5))), ', '.join([]))
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), 'xxhixx'.strip('x'), 'abcab'.strip('ab'))
print('www.example.com'.removeprefix('www.'), 'file.txt'.removesuffix('.txt'), 'x'.removeprefix('y'))
try:
    'a'.split('')
except ValueError as e:
    print('ValueError:', e)
try:
    ','.join([1, 2])
except TypeError as e:
    print('TypeError:', e)
