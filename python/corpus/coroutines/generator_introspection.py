# Generator introspection: gi_frame, gi_running, gi_suspended, gi_yieldfrom, gi_code and inspect.getgeneratorstate through a generator's life [GEN-10]
import inspect
def g():
    me = yield 1
    print('running inside:', me.gi_running, inspect.getgeneratorstate(me))
    yield 2
it = g()
print(it.gi_frame is not None, it.gi_running, it.gi_suspended, inspect.getgeneratorstate(it), it.gi_code.co_name, it.__name__, it.__qualname__)
next(it)
print(it.gi_frame is it.gi_frame, it.gi_suspended, inspect.getgeneratorstate(it), it.gi_frame.f_code.co_name)
it.send(it)
it.close()
print(it.gi_frame, it.gi_running, it.gi_suspended, inspect.getgeneratorstate(it))
def inner():
    yield 'a'
    yield 'b'
def outer():
    yield from inner()
    yield 'c'
o = outer()
print(o.gi_yieldfrom)
print(next(o), o.gi_yieldfrom.__name__, inspect.getgeneratorstate(o.gi_yieldfrom))
print(next(o), next(o), o.gi_yieldfrom)
class C:
    def method(self):
        yield self
print(C().method().__qualname__, C().method().gi_code.co_qualname)
def broken():
    yield 1
    raise ValueError('x')
b = broken()
next(b)
try:
    next(b)
except ValueError as e:
    print('caught', e, b.gi_frame, inspect.getgeneratorstate(b))
