# Checks exceptions inside nested function calls within comprehensions keep the innermost message.
def parse_all(items):
    return {k: int(v) for k, v in items}
try:
    parse_all([('a', '1'), ('b', 'two')])
except ValueError as e:
    print('ValueError:', e)
def first_error(rows):
    errors = []
    for r in rows:
        try:
            1 / r
        except ZeroDivisionError as e:
            errors.append(str(e))
    return errors
print(first_error([1, 0, 2, 0]))
