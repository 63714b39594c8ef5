# submit after shutdown raises RuntimeError [TPE-5]
from concurrent.futures import ThreadPoolExecutor

ex = ThreadPoolExecutor(2)
print(ex.submit(len, 'abc').result())
ex.shutdown(wait=True)
try:
    ex.submit(len, 'x')
except RuntimeError as e:
    print('RuntimeError:', e)
