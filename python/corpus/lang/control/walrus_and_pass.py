# Checks the walrus operator, pass, ellipsis and del of names.
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print('long', n)
out = []
it = iter(data)
while (v := next(it, None)) is not None:
    out.append(v * 2)
print(out)
print([y for x in data if (y := x * 10) > 30])
def todo():
    pass
print(todo(), ..., type(...).__name__)
z = 1
del z
try:
    print(z)
except NameError as e:
    print('NameError:', e)
