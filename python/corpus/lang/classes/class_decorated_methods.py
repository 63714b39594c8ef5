# Checks method decorators on instance methods keep self, and a counting decorator shared across instances.
def counted(fn):
    def wrapper(self, *args):
        wrapper.calls += 1
        return fn(self, *args)
    wrapper.calls = 0
    return wrapper
class Greeter:
    def __init__(self, name):
        self.name = name
    @counted
    def greet(self, other):
        return f'{self.name} greets {other}'
a, b = Greeter('A'), Greeter('B')
print(a.greet('x'), b.greet('y'), a.greet('z'))
print(Greeter.greet.calls)
