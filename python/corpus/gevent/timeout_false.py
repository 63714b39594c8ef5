# Timeout(s, False) swallows its own expiry at the end of the with block [GTO-3]
import gevent
from gevent import Timeout

with Timeout(0.1, False):
    gevent.sleep(1)
    print('not reached')
print('after block')
