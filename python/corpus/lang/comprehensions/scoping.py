# Checks comprehension scopes: loop vars do not leak, closures capture late, class-body access rules.
fs = [lambda: i for i in range(3)]
print([f() for f in fs])
fs = [lambda i=i: i for i in range(3)]
print([f() for f in fs])
try:
    print(i)
except NameError as e:
    print('NameError:', e)
class C:
    n = 3
    sq = [x * x for x in range(3)]
print(C.sq)
total = 10
print([total + x for x in range(3)])
