# Checks is / is not with None, True, False and the same object, and == vs is on containers.
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
x = None
print(x is None, x is not None, None == None)
flag = 3 > 2
print(flag is True, type(flag).__name__)
def f():
    return None
print(f() is None)
print(type(None).__name__, type(NotImplemented).__name__)
