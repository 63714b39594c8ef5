# Checks hash() of ints, bools, floats and tuples of them (deterministic in CPython, unlike str).
print(hash(0), hash(1), hash(-1), hash(-2), hash(True), hash(12345))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(2 ** 64), hash(-(2 ** 61)))
print(hash(1.0), hash(1.5), hash(0.5), hash(-0.0), hash(float('inf')))
print(hash(()) == hash(()), hash((1, 2)) == hash((1, 2)), hash(1) == hash(1.0))
print(hash(None) == hash(None), hash(frozenset()) == hash(frozenset()))
