# A process pool refuses work after shutdown with RuntimeError [PPE-10]
from concurrent.futures import ProcessPoolExecutor

if __name__ == '__main__':
    ex = ProcessPoolExecutor(1)
    print(ex.submit(abs, -3).result())
    ex.shutdown()
    try:
        ex.submit(abs, 1)
    except RuntimeError as e:
        print('RuntimeError:', e)
