# Checks staticmethod, classmethod (alternative constructors, cls in subclasses) and class-level counters.
class Shape:
    count = 0
    def __init__(self, name):
        self.name = name
        Shape.count += 1
    @classmethod
    def unit(cls):
        return cls('unit-' + cls.__name__.lower())
    @staticmethod
    def area_of_square(side):
        return side * side
class Square(Shape):
    pass
s = Shape.unit()
q = Square.unit()
print(s.name, type(s).__name__, q.name, type(q).__name__)
print(Shape.area_of_square(3), s.area_of_square(4), Shape.count)
print(Square.count, q.count)
