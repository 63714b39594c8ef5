# yield as an expression: next() sends None, send(v) makes yield return v [GEN-1]
def echo():
    while True:
        v = yield
        print('received', v)

e = echo()
next(e)
e.send(1)
next(e)
e.send('two')
e.close()
