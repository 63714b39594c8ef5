# starmap unpacks argument tuples [MPP-2]
from multiprocessing import Pool

def mul(a, b):
    return a * b

if __name__ == '__main__':
    with Pool(2) as p:
        print(p.starmap(mul, [(1, 2), (3, 4), (5, 6)]))
