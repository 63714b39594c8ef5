# Pool starvation: every worker of a two-worker pool waits on a task queued behind it in
# the same pool, so nothing can run the inner tasks. `concsim check` reports the deadlock.
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=2)

def inner(n):
    return n * 2

def outer(n):
    return pool.submit(inner, n).result()

fs = [pool.submit(outer, i) for i in range(2)]
print([f.result() for f in fs])
pool.shutdown()
