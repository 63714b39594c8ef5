# Checks finally overriding returns, break/continue in try/finally, and exceptions replaced in finally.
def f():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
            print('body', i)
        finally:
            print('finally', i)
    return 'end'
print(f())
def g():
    try:
        raise ValueError('lost')
    finally:
        return 'swallowed by return'
print(g())
def h():
    try:
        raise ValueError('first')
    finally:
        print('cleanup')
try:
    h()
except ValueError as e:
    print('got', e)
def k():
    try:
        raise ValueError('original')
    finally:
        raise KeyError('replacement')
try:
    k()
except KeyError as e:
    print('KeyError', e, 'context', repr(e.__context__))
