# Checks traceback markers for a failing subscript on an attribute inside a method.
class Cache:
    def __init__(self):
        self.data = {'a': 1}
    def lookup(self, key):
        value = self.data[key] * 2
        return value
c = Cache()
print(c.lookup('a'))
print(c.lookup('b'))
