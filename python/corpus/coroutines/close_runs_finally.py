# close() raises GeneratorExit at the yield; finally blocks run [GEN-7]
def g():
    try:
        yield 1
        yield 2
    finally:
        print('cleanup')

it = g()
print(next(it))
it.close()
print('closed')
it.close()
