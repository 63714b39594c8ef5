# Checks format_map, count of non-overlapping matches, str * int, find with bounds, and splitting on whitespace runs.
print('{name} is {age}'.format_map({'name': 'Kim', 'age': 30}))
print('aaaa'.count('aa'), 'abcabc'.find('c', 3), 'abcabc'.rfind('a', 0, 3), 'abc'.find('a', 5))
print('  many   spaces here '.split(), '  many   spaces here '.split(' '))
print('a-b_c d'.replace('-', ' ').replace('_', ' ').split())
print('CamelCaseString'.lower(), 'snake_case_name'.title().replace('_', ''))
print('%s|%-6s|%6s|' % ('x', 'left', 'right'), '{:-^11}'.format(' mid '))
print('abc' < 'abd', 'abc'.__len__(), 'abc'.__contains__('b'), 'x'.join('123'))
