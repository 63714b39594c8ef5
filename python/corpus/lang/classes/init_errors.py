# Checks __init__ returning a value, calling an instance method on the class without self, and missing init args.
class Bad:
    def __init__(self):
        return 5
try:
    Bad()
except TypeError as e:
    print('TypeError:', e)
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def show(self):
        return (self.x, self.y)
try:
    Point(1)
except TypeError as e:
    print('TypeError:', e)
try:
    Point.show()
except TypeError as e:
    print('TypeError:', e)
try:
    Point(1, 2, 3)
except TypeError as e:
    print('TypeError:', e)
print(Point.show(Point(3, 4)))
