# Checks a bare raise with no exception being handled: RuntimeError "No active exception to reraise".
def rethrow():
    raise
try:
    rethrow()
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    try:
        raise ValueError('inner')
    except ValueError:
        pass
    rethrow()
except RuntimeError as e:
    print('after the handler ended:', e)
