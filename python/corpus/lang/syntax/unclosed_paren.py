# Checks the SyntaxError for a bracket never closed: file, line, caret and message, exit code 1.
values = [1, 2, 3]
total = sum(values
print(total)
