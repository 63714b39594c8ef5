# Checks any/all short-circuiting, abs on numbers and custom classes, round on floats and ints.
def check(x):
    print('check', x)
    return x > 2
print(any(check(x) for x in [1, 3, 5]))
print(all(check(x) for x in [3, 1, 5]))
class Vec:
    def __abs__(self):
        return 42
print(abs(Vec()), abs(-3.5), abs(True), abs(-0))
print(round(3.7), round(-3.7), round(0.1234, 3), round(5.5), round(6.5), round(1e20))
