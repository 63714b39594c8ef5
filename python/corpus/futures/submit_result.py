# ThreadPoolExecutor.submit returns Futures whose result() gives each return value in order [FUT-4] [TPE-4]
from concurrent.futures import ThreadPoolExecutor

def square(n):
    return n * n

ex = ThreadPoolExecutor(max_workers=3)
fs = [ex.submit(square, i) for i in range(8)]
print([f.result() for f in fs])
ex.shutdown()
print(all(f.done() for f in fs))
