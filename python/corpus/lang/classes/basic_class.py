# Checks class definition, __init__, instance vs class attributes, methods and __dict__.
class Point:
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x ** 2 + self.y ** 2
    def move(self, dx, dy):
        self.x += dx
        self.y += dy
        return self
p = Point(3, 4)
print(p.x, p.y, p.norm2(), p.dims, Point.dims)
p.move(1, 1).move(1, 1)
print(p.x, p.y, p.__dict__)
p.dims = 3
print(p.dims, Point.dims, Point.norm2(p))
print(type(p).__name__, type(p) is Point, isinstance(p, Point), Point.__name__)
q = Point(0, 0)
q.extra = 'dynamic'
print(q.__dict__)
