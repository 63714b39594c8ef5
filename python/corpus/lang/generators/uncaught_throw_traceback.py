# Checks the traceback of an exception thrown into a generator and not caught: it points at the yield.
def worker():
    total = 0
    while True:
        item = yield total
        total += item
g = worker()
next(g)
g.send(5)
g.throw(RuntimeError('stop the worker'))
