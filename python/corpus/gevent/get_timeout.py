# get(timeout) raises Timeout if the greenlet is not done [GEV-6]
import gevent

def slow():
    gevent.sleep(1)
    return 1

g = gevent.spawn(slow)
try:
    g.get(timeout=0.1)
except gevent.Timeout:
    print('Timeout from get')
g.kill()
print(g.dead)
