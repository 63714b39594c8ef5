# apply_async with callback: the callback gets each result in the parent [MPP-2] [MPP-3]
from multiprocessing import Pool

results = []
def f(x):
    return x + 100

def collect(v):
    results.append(v)

if __name__ == '__main__':
    p = Pool(2)
    rs = [p.apply_async(f, (i,), callback=collect) for i in range(5)]
    p.close()
    p.join()
    print(sorted(results), [r.get() for r in rs])
