# Timeout(s, exc) raises exc instead of itself [GTO-2]
import gevent
from gevent import Timeout

class Slow(Exception):
    pass

try:
    with Timeout(0.05, Slow):
        gevent.sleep(1)
except Slow as e:
    print('Slow raised', type(e).__name__)
