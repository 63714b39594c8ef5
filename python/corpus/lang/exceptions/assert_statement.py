# Checks assert with and without a message, and that the message is evaluated only on failure.
def msg():
    print('message evaluated')
    return 'custom message'
assert 1 + 1 == 2, msg()
try:
    assert 1 > 2
except AssertionError as e:
    print('AssertionError', repr(e), e.args)
try:
    assert [], msg()
except AssertionError as e:
    print('AssertionError:', e)
try:
    assert False, ('tuple', 1)
except AssertionError as e:
    print('AssertionError:', e)
