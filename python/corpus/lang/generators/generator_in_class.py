# Checks generators as __iter__ of a class, with a reverse iterator and enumerate over them.
class Tree:
    def __init__(self, value, children=()):
        self.value, self.children = value, list(children)
    def __iter__(self):
        yield self.value
        for c in self.children:
            yield from c
    def depth_first_with_level(self, level=0):
        yield level, self.value
        for c in self.children:
            yield from c.depth_first_with_level(level + 1)
t = Tree(1, [Tree(2, [Tree(4)]), Tree(3)])
print(list(t), sum(t), max(t))
for level, v in t.depth_first_with_level():
    print('  ' * level + str(v))
print(list(enumerate(t, start=1)))
