# Checks string comparison, membership, concatenation, min/max/sorted on strings.
print('apple' < 'banana', 'Zebra' < 'apple', 'abc' < 'abcd', '' < 'a')
print('ell' in 'hello', 'z' not in 'hello', '' in 'abc')
words = ['pear', 'Apple', 'fig', 'banana', 'apple']
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len))
print(min(words), max(words), max(words, key=len))
print('a' + 'b' + 'c', 'abc'[1] + 'x')
print(list('héllo'), tuple('ab'))
print(str(123) + str(4.5) + str(None) + str(True))
try:
    'a' + 1
except TypeError as e:
    print('TypeError:', e)
try:
    1 + 'a'
except TypeError as e:
    print('TypeError:', e)
try:
    'a' < 1
except TypeError as e:
    print('TypeError:', e)
