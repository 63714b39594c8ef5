# Switching between two generators interleaves their work in one thread [GEN-8]
def counter(name, n):
    for i in range(n):
        yield '%s%d' % (name, i)

a = counter('a', 3)
b = counter('b', 3)
out = []
for x, y in zip(a, b):
    out.append(x)
    out.append(y)
print(out)
