# Pool.apply blocks for one call's result [MPP-2]
from multiprocessing import Pool

def add(a, b):
    return a + b

if __name__ == '__main__':
    with Pool(1) as p:
        print(p.apply(add, (2, 3)))
        print(p.apply(add, (10,), {'b': 5}))
