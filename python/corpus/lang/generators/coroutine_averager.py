# Checks a running-average coroutine with a priming decorator and a delegating generator collecting results.
def primed(fn):
    def start(*a):
        g = fn(*a)
        next(g)
        return g
    return start
@primed
def averager():
    total = count = 0
    avg = None
    while True:
        value = yield avg
        total += value
        count += 1
        avg = total / count
a = averager()
print([a.send(v) for v in [10, 20, 60, 5]])
def summary():
    total = 0
    while True:
        v = yield
        if v is None:
            return total
        total += v
def grouper(results, key):
    while True:
        results[key] = yield from summary()
results = {}
for key, vals in [('a', [1, 2]), ('b', [10, 20, 30])]:
    gr = grouper(results, key)
    next(gr)
    for v in vals:
        gr.send(v)
    gr.send(None)
print(results)
