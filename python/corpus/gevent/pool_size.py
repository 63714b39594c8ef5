# gevent.pool.Pool(n) runs at most n greenlets at once [GPL-1] [GPL-2]
import gevent
from gevent.pool import Pool

running = [0]
peak = [0]
def work(n):
    running[0] += 1
    peak[0] = max(peak[0], running[0])
    gevent.sleep(0.05)
    running[0] -= 1
    return n

p = Pool(2)
for i in range(6):
    p.spawn(work, i)
p.join()
print('peak', peak[0], 'free', p.free_count())
