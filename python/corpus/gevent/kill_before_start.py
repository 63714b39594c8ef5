# A greenlet killed before it ran never runs [GEV-8]
import gevent

def never():
    print('should not print')

g = gevent.spawn(never)
g.kill()
print(g.dead, g.ready(), type(g.value).__name__)
gevent.sleep(0.01)
print('end')
