# Checks the results of common slips that do not raise: x = x.sort(), print's return value, string immutability.
xs = [3, 1, 2]
ys = xs.sort()
print(ys, xs)
r = print('printed')
print(r)
s = 'hello'
s.upper()
print(s, s.upper())
items = [1, 2, 3]
copy = items
copy.append(4)
print(items)
total = 0
for i in range(1, 4):
    total = i
print(total)
print(10 / 5, 7 // 2, 7 / 2, 2 ** 3 ** 0)
print(0.1 + 0.2 == 0.3, round(0.1 + 0.2, 10) == 0.3)
