# A one-worker pool whose task waits on another task of the same pool starves [TPE-2]
from concurrent.futures import ThreadPoolExecutor, TimeoutError

ex = ThreadPoolExecutor(1)
def inner():
    return 'inner'
def outer():
    f = ex.submit(inner)
    try:
        return f.result(timeout=0.2)
    except TimeoutError:
        return 'starved'

print(ex.submit(outer).result())
ex.shutdown()
