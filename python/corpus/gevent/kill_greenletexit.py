# kill raises GreenletExit in the greenlet; it counts as success with GreenletExit as value [GEV-7]
import gevent

def forever():
    try:
        gevent.sleep(10)
    except gevent.GreenletExit:
        print('got GreenletExit')
        raise

g = gevent.spawn(forever)
gevent.sleep(0)
g.kill()
print(g.dead, g.successful(), type(g.value).__name__)
