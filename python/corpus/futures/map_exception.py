# Executor.map re-raises a task's exception when that result is reached [MAP-7]
from concurrent.futures import ThreadPoolExecutor

def inv(n):
    return 10 // n

with ThreadPoolExecutor(2) as ex:
    it = ex.map(inv, [1, 2, 0, 5])
    try:
        for r in it:
            print(r)
    except ZeroDivisionError as e:
        print('ZeroDivisionError:', e)
