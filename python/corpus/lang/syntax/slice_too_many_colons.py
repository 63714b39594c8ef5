# Checks a SyntaxError on the last line (a slice with too many colons) stops the whole file before anything runs.
print('this never prints')
values = [1, 2, 3]
print(values[1:2:3:4])
