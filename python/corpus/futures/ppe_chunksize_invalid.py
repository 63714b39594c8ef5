# ProcessPoolExecutor.map refuses chunksize < 1 with ValueError [PPE-3]
from concurrent.futures import ProcessPoolExecutor

if __name__ == '__main__':
    with ProcessPoolExecutor(1) as ex:
        try:
            ex.map(abs, [1], chunksize=0)
        except ValueError as e:
            print('ValueError:', e)
