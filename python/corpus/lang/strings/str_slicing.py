# Checks str indexing and slicing with negative indices and steps.
s = 'abcdefghij'
print(s[0], s[-1], s[3:7], s[:3], s[7:], s[-3:], s[:-3])
print(s[::2], s[1::3], s[::-1], s[8:2:-2], s[-1:-4:-1])
print(s[100:], repr(s[5:2]), s[-100:2], s[2:100])
print(s[slice(2, 8, 3)], len(s[::3]))
try:
    s[10]
except IndexError as e:
    print('IndexError:', e)
try:
    s[0] = 'z'
except TypeError as e:
    print('TypeError:', e)
try:
    s[::0]
except ValueError as e:
    print('ValueError:', e)
