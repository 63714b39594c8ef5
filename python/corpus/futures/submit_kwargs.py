# submit passes positional and keyword arguments to the callable [TPE-4]
from concurrent.futures import ThreadPoolExecutor

def greet(name, greeting='hello', punct='!'):
    return f'{greeting} {name}{punct}'

with ThreadPoolExecutor() as ex:
    print(ex.submit(greet, 'ann').result())
    print(ex.submit(greet, 'bob', greeting='hi').result())
    print(ex.submit(greet, name='cy', punct='?').result())
