# Checks replace, center/ljust/rjust, zfill, expandtabs and translate.
print('aaaa'.replace('a', 'b', 2), 'hello'.replace('l', ''), 'abc'.replace('', '-'))
print(repr('hi'.center(7, '*')), repr('hi'.center(6)), repr('hi'.ljust(5, '.')), repr('hi'.rjust(5)))
print('42'.zfill(6), '-42'.zfill(6), '+7'.zfill(4), 'abc'.zfill(2))
print(repr('a\tb\tc'.expandtabs(4)), repr('ab\t'.expandtabs()))
table = str.maketrans('abc', 'xyz', 'd')
print('aabbccdd'.translate(table))
print('x' * 3, 3 * 'ab', 'ab' * 0, 'ab' * -1)
print('Mississippi'.replace('ss', 'SS'), 'Mississippi'.count('ss'))
