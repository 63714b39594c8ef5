# Checks __iter__/__next__ user iterators, StopIteration ending for loops, and iterables vs iterators.
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
c = Countdown(3)
print(list(c), list(c))
class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        i = 0
        while i < self.n:
            yield i
            i += 1
r = Range2(3)
print(list(r), list(r), sum(r), [x * y for x in r for y in r])
it = iter(Countdown(2))
print(next(it), next(it), next(it, 'done'))
try:
    next(it)
except StopIteration as e:
    print('StopIteration', repr(e))
