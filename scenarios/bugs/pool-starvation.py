# Pool starvation: every worker of a two-worker pool waits on a task queued behind it in
# the same pool, so nothing can run the inner tasks. `concsim check` reports the deadlock.
# FIXED = True (`--param FIXED=true`) is the fix: the inner tasks go to a pool of their own.
from concurrent.futures import ThreadPoolExecutor

FIXED = False
pool = ThreadPoolExecutor(max_workers=2)
inner_pool = ThreadPoolExecutor(max_workers=2) if FIXED else pool

def inner(n):
    return n * 2

def outer(n):
    return inner_pool.submit(inner, n).result()

fs = [pool.submit(outer, i) for i in range(2)]
print([f.result() for f in fs])
pool.shutdown()
if FIXED:
    inner_pool.shutdown()
