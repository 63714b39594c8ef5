# Checks the order of try/except/else/finally blocks with and without exceptions.
def run(fail):
    try:
        print('try', fail)
        if fail:
            raise ValueError('boom')
    except ValueError as e:
        print('except', e)
    else:
        print('else')
    finally:
        print('finally')
    print('after')
run(False)
run(True)
def nested():
    try:
        try:
            raise KeyError('inner')
        finally:
            print('inner finally')
    except KeyError as e:
        print('outer caught', repr(e))
nested()
try:
    pass
finally:
    print('bare finally')
