# A task's exception is stored; result() raises it and exception() returns it [FUT-4] [TPE-9]
from concurrent.futures import ThreadPoolExecutor

def fail(msg):
    raise ValueError(msg)

with ThreadPoolExecutor(1) as ex:
    f = ex.submit(fail, 'broken')
    try:
        f.result()
    except ValueError as e:
        print('caught:', e)
    e = f.exception()
    print(type(e).__name__, e.args)
    try:
        f.result()
    except ValueError as e2:
        print(e2 is e)
