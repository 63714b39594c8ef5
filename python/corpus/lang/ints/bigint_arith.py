# Checks arbitrary-precision int arithmetic: +, -, *, ** and str() of big values.
a = 2 ** 100
b = 3 ** 70
print(a)
print(b)
print(a + b, a - b)
print(a * b)
print(-a * b)
print(a ** 3)
print(10 ** 30 + 1)
print((10 ** 20) // 7, (10 ** 20) % 7)
print(len(str(2 ** 1000)))
print(sum(range(1, 101)) ** 5)
x = 1
for i in range(1, 31):
    x *= i
print(x)
print(x // (2 ** 20), x % 1000003)
