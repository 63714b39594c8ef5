# with Timeout(s): raises Timeout in the block when time runs out [GTO-1]
import gevent
from gevent import Timeout

try:
    with Timeout(0.1):
        gevent.sleep(1)
        print('not reached')
except Timeout as t:
    print('Timeout', t)
with Timeout(1):
    gevent.sleep(0.1)
print('in time')
