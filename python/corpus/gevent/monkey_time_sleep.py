# After monkey.patch_all(), time.sleep yields to other greenlets [GMP-1]
from gevent import monkey
monkey.patch_all()
import time
import gevent

def work(name):
    print(name, 'start')
    time.sleep(0.1)
    print(name, 'end')

gevent.joinall([gevent.spawn(work, 'a'), gevent.spawn(work, 'b')])
