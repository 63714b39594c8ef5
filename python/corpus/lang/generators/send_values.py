# Checks send(): the value of the yield expression, send(None) == next(). [GEN-2]
def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    return received
g = echo()
print(next(g))
print(g.send('a'), g.send('b'), g.send(None) if False else g.send('c'))
try:
    g.send(None)
except StopIteration as e:
    print('returned', e.value)
