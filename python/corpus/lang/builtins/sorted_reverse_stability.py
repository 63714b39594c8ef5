# Checks sorted(reverse=True) keeps the original order of equal keys, unlike reversing a sorted list.
rows = [('a', 2), ('b', 1), ('c', 2), ('d', 1)]
print(sorted(rows, key=lambda r: r[1], reverse=True))
print(list(reversed(sorted(rows, key=lambda r: r[1]))))
print(sorted([3, 1, 2], reverse=True), sorted('bca', reverse=True), sorted([], reverse=True))
print(sorted([True, False, 0, 1]), sorted([1.5, 1, True]), sorted([-0.0, 0, 0.0]))
