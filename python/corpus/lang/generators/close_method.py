# Checks close(): GeneratorExit at the yield, finally runs, second close is a no-op, ignoring GeneratorExit. [GEN-7] [GEN-8] [GEN-9] [GEN-10]
def g():
    try:
        yield 1
        yield 2
    finally:
        print('cleanup')
gen = g()
print(next(gen))
print(gen.close())
gen.close()
print(next(gen, 'done'))
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 'no'
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print('RuntimeError:', e)
def returns():
    try:
        yield 1
    except GeneratorExit:
        return 'ignored value'
r = returns()
next(r)
print(r.close())
u = g()
u.close()
print('unstarted close printed nothing')
