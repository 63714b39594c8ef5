# Pool.map returns results in input order [GPL-3]
import gevent
from gevent.pool import Pool

def work(n):
    gevent.sleep(0.01 * (4 - n))
    return n * 10

p = Pool(3)
print(p.map(work, range(5)))
print(sorted(p.imap_unordered(work, range(4))))
