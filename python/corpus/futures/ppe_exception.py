# An exception raised in a worker process crosses back with its type and args [PPE-5]
from concurrent.futures import ProcessPoolExecutor

def fail(n):
    raise ValueError('bad %d' % n)

if __name__ == '__main__':
    with ProcessPoolExecutor(2) as ex:
        f = ex.submit(fail, 3)
        try:
            f.result()
        except ValueError as e:
            print('ValueError', e.args)
