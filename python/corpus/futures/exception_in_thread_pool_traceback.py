# Exceptions stay in the future: nothing is printed for a failed task nobody looks at [TPE-9]
from concurrent.futures import ThreadPoolExecutor

def fail():
    raise OSError('disk')

with ThreadPoolExecutor(1) as ex:
    f = ex.submit(fail)
print('done', f.done(), type(f.exception()).__name__)
