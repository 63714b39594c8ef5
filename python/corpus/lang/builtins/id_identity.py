# Checks id() only through comparisons (its values vary between runs): same object, distinct live objects, aliases.
a = [1, 2]
b = a
c = [1, 2]
print(id(a) == id(b), id(a) == id(c), type(id(a)).__name__, id(a) > 0)
objs = [object() for _ in range(5)]
print(len({id(o) for o in objs}))
class Node:
    pass
n = Node()
registry = {id(n): 'node'}
print(registry[id(n)], id(n) in registry, id(Node()) in registry)
print(id(None) == id(None), id(True) == id(1 > 0))
