# Checks a traceback through a builtin calling a lambda (no frame for sorted itself).
rows = [{'n': 2}, {'n': 1}, {'m': 3}]
print(sorted(rows, key=lambda r: r['n']))
