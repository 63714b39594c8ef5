# Checks closures: captured variables, counters with nonlocal, late binding and independent instances.
def make_counter(start=0):
    n = start
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
c1, c2 = make_counter(), make_counter(100)
print(c1(), c1(), c2(), c1(5), c2())
def adders():
    return [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in adders()])
def outer():
    x = 'outer'
    def middle():
        def inner():
            return x
        return inner
    x = 'changed'
    return middle()()
print(outer())
print(c1.__closure__ is not None, make_counter.__closure__)
