# max_workers must be positive; the error is ValueError [TPE-1]
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor

for cls in (ThreadPoolExecutor, ProcessPoolExecutor):
    try:
        cls(max_workers=0)
    except ValueError as e:
        print(cls.__name__, 'ValueError:', e)
