# An exception in one task of map is raised by map in the parent [MPP-4]
from multiprocessing import Pool

def f(x):
    return 10 // x

if __name__ == '__main__':
    with Pool(2) as p:
        try:
            p.map(f, [1, 0, 2])
        except ZeroDivisionError as e:
            print('ZeroDivisionError:', e)
