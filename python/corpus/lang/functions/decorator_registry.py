# Checks decorators that register functions and return them unchanged, and class decorators.
registry = {}
def register(name):
    def deco(fn):
        registry[name] = fn
        return fn
    return deco
@register('double')
def double(x):
    return 2 * x
@register('neg')
def neg(x):
    return -x
print(list(registry), [registry[k](5) for k in registry], double(4))
def add_greeting(cls):
    cls.greet = lambda self: f'hello from {type(self).__name__}'
    return cls
@add_greeting
class Thing:
    pass
print(Thing().greet())
