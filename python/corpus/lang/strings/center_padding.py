# Checks where center() puts the odd padding character, for odd and even widths and lengths.
for s in ['a', 'ab', 'abc', 'abcd']:
    print([s.center(w, '*') for w in range(len(s), len(s) + 5)])
print(repr(format('ab', '^5')), repr(format('ab', '*^6')), repr(f'{"abc":^6}'), repr(f'{7:^4}'))
