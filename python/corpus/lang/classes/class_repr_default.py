# Checks default reprs of classes, types and builtins that print without addresses.
class Foo:
    pass
print(Foo, int, str, type, type(Foo), type(Foo()).__name__, object)
print(repr(len), print, ValueError, KeyError('k').__class__)
import json
print(type(json).__name__, json.__name__)
print(Foo.__name__, Foo.__qualname__, Foo.__module__)
print(str(None), repr(True), repr(...), repr(NotImplemented))
