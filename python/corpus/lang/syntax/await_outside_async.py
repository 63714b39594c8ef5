# 'await' in a plain def is a SyntaxError at compile time, spanning the await expression
def fetch():
    return 1
def f():
    x = await fetch() + 1
    return x
print('never printed')
