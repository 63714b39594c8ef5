# imap keeps order, imap_unordered yields as results come [MPP-8]
from multiprocessing import Pool
import time

def slow(x):
    time.sleep(0.05 * (3 - x))
    return x

if __name__ == '__main__':
    with Pool(3) as p:
        print(list(p.imap(slow, range(3))))
        print(sorted(p.imap_unordered(slow, range(3))))
