# Checks list comprehensions: filters, nested loops, nested comprehensions, conditional expressions.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print([[r * 3 + c for c in range(3)] for r in range(3)])
m = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in m] for i in range(3)])
print([x if x > 0 else -x for x in [-2, 3, -4]])
print([c.upper() for c in 'abc' if c != 'b'])
x = 'outer'
print([x for x in 'ab'], x)
