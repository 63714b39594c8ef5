# Checks triple-quoted strings, implicit concatenation, line continuation and escapes in output.
text = """first line
    second "quoted" line
third\tline"""
print(text)
print(len(text.splitlines()))
msg = ('implicit '
       'concatenation '
       "works")
print(msg)
total = 1 + \
    2 + \
    3
print(total)
print('a\\nb', 'a\nb')
print('end', end='')
print('|', 'x', 'y', sep='--', end='!\n')
print()
print(*[1, 2, 3], sep=', ')
