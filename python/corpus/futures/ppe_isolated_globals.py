# A worker process changes its own copy of a global; the parent's stays the same [PPE-1]
from concurrent.futures import ProcessPoolExecutor

counter = [0]
def bump(n):
    counter[0] += n
    return counter[0] >= n

if __name__ == '__main__':
    with ProcessPoolExecutor(2) as ex:
        print(all(ex.map(bump, range(5))))
    print(counter)
