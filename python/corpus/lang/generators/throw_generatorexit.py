# Checks an explicit throw(GeneratorExit) answered with a yield returns the value; send with no argument. [GEN-15]
done = False
def g():
    while True:
        try:
            yield 'x'
        except GeneratorExit:
            print('saw GeneratorExit')
            if done:
                raise
gen = g()
next(gen)
print(gen.throw(GeneratorExit))
try:
    gen.send()
except TypeError as e:
    print('TypeError:', e)
try:
    gen.close()
except RuntimeError as e:
    print('RuntimeError:', e)
done = True
print(gen.close())
