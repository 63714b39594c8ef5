# Checks comprehensions combining several loops and conditions, flattening, and walrus reuse.
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([x for row in matrix for x in row if x % 2])
print([[x * y for x in range(1, 4)] for y in range(1, 4)])
print({(i, j) for i in range(3) for j in range(3) if i < j} == {(0, 1), (0, 2), (1, 2)})
print({word: [c for c in word if c in 'aeiou'] for word in ['tree', 'sky', 'queue']})
print([y for x in range(10) if (y := x * x) % 3 == 1])
print(sum(1 for row in matrix for x in row if x > 4), list(zip(*matrix)))
pairs = [(a, b) for a in range(1, 20) for b in range(a, 20) if a * a + b * b in {c * c for c in range(20)}]
print(pairs)
