# Checks nonlocal in nested helpers driving a loop, and closures created in a loop keeping separate cells.
def tokenize(text):
    tokens = []
    current = ''
    def flush():
        nonlocal current
        if current:
            tokens.append(current)
            current = ''
    for ch in text:
        if ch.isspace():
            flush()
        elif ch in '+-*/()':
            flush()
            tokens.append(ch)
        else:
            current += ch
    flush()
    return tokens
print(tokenize('12 + (x1*3) - y'))
def make_all():
    fns = []
    for i in range(3):
        def make(j):
            return lambda: j * 10
        fns.append(make(i))
    return [f() for f in fns]
print(make_all())
