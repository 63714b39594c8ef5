# Checks inspect.getgeneratorstate through CREATED, RUNNING, SUSPENDED and CLOSED. [GEN-13]
import inspect
def g():
    print('inside:', inspect.getgeneratorstate(gen))
    yield 1
gen = g()
print(inspect.getgeneratorstate(gen))
next(gen)
print(inspect.getgeneratorstate(gen))
next(gen, None)
print(inspect.getgeneratorstate(gen))
