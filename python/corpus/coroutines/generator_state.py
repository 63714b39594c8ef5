# inspect.getgeneratorstate-like states through gi_running/gi_frame [GEN-10]
def g():
    yield 1

it = g()
print(it.gi_frame is not None)
next(it)
print(it.gi_frame is not None)
for _ in it:
    pass
print(it.gi_frame is None)
