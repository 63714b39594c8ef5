# Checks generator expressions: laziness, single use, as call arguments, and early stop.
log = []
def val(x):
    log.append(x)
    return x
g = (val(x) * 2 for x in range(5))
print(log)
print(next(g), next(g), log)
print(list(g), list(g))
print(sum(x * x for x in range(10)), max(len(w) for w in ['a', 'abc', 'ab']))
print(any(x > 3 for x in [1, 5, 2]), all(x > 0 for x in []), any([]))
first = next((x for x in range(100) if x % 7 == 6), None)
print(first, next((x for x in []), 'none'))
print(type(g).__name__, sorted(x % 3 for x in range(7)))
