# Checks format specs for str and int: fill, align, sign, width, grouping, type codes.
for spec in ['', '>8', '<8', '^8', '*^9', '.2', '>8.3']:
    print(repr(format('python', spec)))
for spec in ['', '5', '<5', '^5', '05', '+', ' ', ',', '_', 'x', '#X', 'b', 'o', 'c', 'd', '=+8', 'e', '.1f', '%']:
    print(spec, repr(format(1234 if spec != 'c' else 65, spec)))
print(format(-42, '>6'), format(-42, '=6'), format(-42, '06'))
print(format(10 ** 12, ','), format(True, 'd'), format(True), format(None))
try:
    format('x', 'd')
except ValueError as e:
    print('ValueError:', e)
try:
    format(1.5, 'd')
except ValueError as e:
    print('ValueError:', e)
