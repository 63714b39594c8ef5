# Checks case and test methods of str.
s = 'Hello, World! hello'
print(s.upper(), s.lower(), s.swapcase(), s.title(), s.capitalize())
print('ß'.upper(), 'ǅ'.lower(), 'straße'.casefold())
print('abc'.isalpha(), 'abc1'.isalnum(), '123'.isdigit(), ' \t'.isspace(), ''.isspace())
print('Hello World'.istitle(), 'hello'.islower(), 'HELLO'.isupper(), 'a_b'.isidentifier())
print('12'.isdecimal(), '½'.isnumeric(), '²'.isdigit())
print(s.count('l'), s.count('hello'), s.find('o'), s.rfind('o'), s.find('zz'), s.index('W'))
print(s.startswith('Hell'), s.endswith(('x', 'llo')), s.startswith('World', 7))
try:
    s.index('zz')
except ValueError as e:
    print('ValueError:', e)
