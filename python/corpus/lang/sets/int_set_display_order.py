# Checks the display order of int sets, which follows CPython's hash table (hash(n) == n), not sorting.
print({8, 1, 0}, {0, 1, 8}, {16, 8, 0})
print({100, 5, 33}, {1000, 10, 3}, {-1, -2, 5})
s = set()
for n in [40, 3, 24, 1, 16]:
    s.add(n)
print(s, list(s), sorted(s))
print(set(range(10, 0, -1)), {2 ** 40, 1, 2})
