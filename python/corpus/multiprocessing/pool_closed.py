# A closed pool refuses new work with ValueError('Pool not running') [MPP-9]
from multiprocessing import Pool

def f(x):
    return x

if __name__ == '__main__':
    p = Pool(1)
    p.close()
    try:
        p.apply_async(f, (1,))
    except ValueError as e:
        print('ValueError:', e)
    p.join()
