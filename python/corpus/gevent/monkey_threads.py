# After patch_all, threading.Thread runs as a greenlet; names and joins still work [GMP-1]
from gevent import monkey; monkey.patch_all()
import threading
import time

def work(n):
    time.sleep(0.05 * n)
    print('thread', n, 'done')

ts = [threading.Thread(target=work, args=(i,)) for i in (2, 1)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print('all joined')
