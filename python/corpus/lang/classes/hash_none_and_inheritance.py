# Checks __hash__ = None makes instances unhashable, and a subclass defining __eq__ loses the inherited __hash__.
class Unhashable:
    __hash__ = None
try:
    hash(Unhashable())
except TypeError as e:
    print('TypeError:', e)
class Base:
    def __hash__(self):
        return 7
class Child(Base):
    def __eq__(self, other):
        return True
print(hash(Base()), Child.__hash__ is None)
try:
    {Child()}
except TypeError as e:
    print('TypeError:', e)
class Keeps(Base):
    def __eq__(self, other):
        return True
    __hash__ = Base.__hash__
print(hash(Keeps()), len({Keeps(), Keeps()}))
