# An initializer sets up per-worker state: each worker keeps it across its tasks, the parent never sees it [PPE-1]
from concurrent.futures import ProcessPoolExecutor

cache = {}

def init(prefix):
    cache['prefix'] = prefix
    cache['hits'] = 0

def work(x):
    cache['hits'] += 1
    return '%s%d:%d' % (cache['prefix'], x, cache['hits'])

if __name__ == '__main__':
    with ProcessPoolExecutor(1, initializer=init, initargs=('w',)) as ex:
        print(list(ex.map(work, range(3))))
    print(cache)
