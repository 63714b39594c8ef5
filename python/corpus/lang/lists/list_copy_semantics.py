# Checks shallow copies (slice, list(), copy()) share nested objects, and comparisons of nested lists.
outer = [[1, 2], [3]]
for copy in (outer[:], list(outer), outer.copy()):
    print(copy == outer, copy is outer, copy[0] is outer[0])
clone = [inner[:] for inner in outer]
clone[0].append(99)
outer[1].append(4)
print(outer, clone)
a = [1, 2, 3]
b = a[::-1]
b.reverse()
print(a == b, a is b, [[]] * 2, [[] for _ in range(2)])
