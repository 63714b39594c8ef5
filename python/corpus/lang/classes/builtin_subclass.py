# Checks subclassing list and dict: extra methods, super() to builtin methods, repr and isinstance.
class Stack(list):
    def push(self, x):
        self.append(x)
        return self
    def peek(self):
        return self[-1]
s = Stack([1, 2])
s.push(3).push(4)
print(s, s.peek(), s.pop(), len(s), isinstance(s, list), type(s).__name__)
class DefaultDict(dict):
    def __missing__(self, key):
        self[key] = len(self)
        return self[key]
d = DefaultDict()
print(d['a'], d['b'], d['a'], d)
class Upper(str):
    def shout(self):
        return self.upper() + '!'
u = Upper('hi')
print(u.shout(), u + ' there', type(u + 'x').__name__, len(u))
