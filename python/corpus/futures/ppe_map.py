# ProcessPoolExecutor.map keeps input order, with chunksize too [PPE-3] [PPE-4]
from concurrent.futures import ProcessPoolExecutor

def cube(n):
    return n ** 3

if __name__ == '__main__':
    with ProcessPoolExecutor(2) as ex:
        print(list(ex.map(cube, range(8))))
        print(list(ex.map(cube, range(8), chunksize=3)))
