# Group tracks greenlets; join waits for all of them [GPL-5]
import gevent
from gevent.pool import Group

def work(n):
    gevent.sleep(0.01 * n)
    print('done', n)

g = Group()
for i in (3, 1, 2):
    g.spawn(work, i)
print(len(g))
g.join()
print(len(g))
