# A task may submit more work to the same pool and wait on it if workers remain [TPE-2]
from concurrent.futures import ThreadPoolExecutor

ex = ThreadPoolExecutor(2)
def inner(n):
    return n * 2
def outer(n):
    return ex.submit(inner, n).result() + 1

print([ex.submit(outer, i).result() for i in range(3)])
ex.shutdown()
