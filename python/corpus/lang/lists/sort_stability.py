# Checks sorted()/list.sort stability, key functions, reverse, and mixed-type TypeError.
people = [('bob', 25), ('amy', 30), ('cat', 25), ('dan', 30), ('eve', 22)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
xs = [5, -3, 2, -8, 0]
xs.sort(key=abs); print(xs)
print(sorted('banana'), sorted([3.5, 1, 2.25]), sorted([[2, 1], [1, 5], [1, 2]]))
print(sorted({'b': 1, 'a': 2}), sorted({'b': 1, 'a': 2}.items(), key=lambda kv: kv[1]))
try:
    sorted([1, 'a', 2])
except TypeError as e:
    print('TypeError:', e)
