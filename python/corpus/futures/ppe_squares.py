# ProcessPoolExecutor runs a module-level function in worker processes and returns results [PPE-1]
from concurrent.futures import ProcessPoolExecutor

def square(n):
    return n ** 2

if __name__ == '__main__':
    with ProcessPoolExecutor(max_workers=3) as ex:
        fs = [ex.submit(square, i) for i in range(10)]
        print([f.result() for f in fs])
