# A callback reads the result of a failed future with exception() [FUT-6]
from concurrent.futures import ThreadPoolExecutor

msgs = []
def cb(f):
    e = f.exception()
    msgs.append('error' if e else 'ok:%s' % f.result())

def work(n):
    if n % 2:
        raise RuntimeError(n)
    return n

with ThreadPoolExecutor(2) as ex:
    for i in range(4):
        ex.submit(work, i).add_done_callback(cb)
print(sorted(msgs))
