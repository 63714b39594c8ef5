# Workers fork when the pool starts them: a global changed in the parent after that is not seen by the worker [PPE-1]
from concurrent.futures import ProcessPoolExecutor

setting = 'before'

def read(_):
    return setting

if __name__ == '__main__':
    with ProcessPoolExecutor(1) as ex:
        print(ex.submit(read, 0).result())
        setting = 'after'
        print(ex.submit(read, 0).result())
    with ProcessPoolExecutor(1) as ex:
        print(ex.submit(read, 0).result())
