# Coroutines chained into a pipeline: source -> filter -> sink [GEN-9]
def sink():
    while True:
        item = yield
        print('sink', item)

def evens(target):
    while True:
        item = yield
        if item % 2 == 0:
            target.send(item * 10)

s = sink(); next(s)
f = evens(s); next(f)
for i in range(6):
    f.send(i)
