# map_async returns a MapResult; its callback gets the whole list [MPP-3]
from multiprocessing import Pool

def neg(x):
    return -x

if __name__ == '__main__':
    with Pool(2) as p:
        r = p.map_async(neg, range(4), callback=lambda v: print('callback', v))
        print(r.get())
