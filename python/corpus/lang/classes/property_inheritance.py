# Checks properties are inherited and overridden, and computed attributes read from subclasses.
class Shape:
    sides = 0
    @property
    def description(self):
        return f'{type(self).__name__} with {self.sides} sides, area {self.area}'
    @property
    def area(self):
        return 0
class Square(Shape):
    sides = 4
    def __init__(self, s):
        self.s = s
    @property
    def area(self):
        return self.s ** 2
class Triangle(Shape):
    sides = 3
for shape in [Shape(), Square(3), Triangle()]:
    print(shape.description)
