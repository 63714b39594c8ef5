# Checks list concatenation, repetition, comparison, membership, aliasing and nested copies.
a = [1, 2]
b = a
b += [3]
print(a, b, a is b)
c = a + [4]
print(a, c, a is c)
grid = [[0] * 2] * 2
grid[0][0] = 1
print(grid)
grid = [[0] * 2 for _ in range(2)]
grid[0][0] = 1
print(grid)
print([1, 2] == [1, 2], [1, 2] < [1, 2, 0], [2] > [1, 99], [] == [])
print(3 in [1, 2, 3], [1] in [[1], 2], len([[], []]))
print(list(range(3)) * 2, [None] * 3)
x = [1]
x.append(x)
print(x)
