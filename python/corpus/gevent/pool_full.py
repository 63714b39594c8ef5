# Pool.full() and free_count() report the slots [GPL-1]
import gevent
from gevent.pool import Pool

p = Pool(2)
print(p.full(), p.free_count())
a = p.spawn(gevent.sleep, 0.1)
b = p.spawn(gevent.sleep, 0.1)
print(p.full(), p.free_count())
p.join()
print(p.full(), p.free_count())
