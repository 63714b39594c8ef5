# Checks annotated functions, variables and class fields parse and run; annotations are stored, not enforced.
def scale(x: float, factor: int = 2, *, label: str | None = None) -> float:
    return x * factor
total: int = 0
pending: list[int]
print(scale(1.5), scale('ab', 3), scale.__annotations__)
class Point:
    x: int
    y: int = 0
    def __init__(self, x: int) -> None:
        self.x = x
print(Point(4).x, Point.y, Point.__annotations__, __annotations__)
try:
    print(pending)
except NameError as e:
    print('NameError:', e)
