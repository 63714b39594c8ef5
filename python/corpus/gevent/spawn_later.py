# spawn_later runs the function no sooner than the delay [GEV-13]
import gevent

order = []
gevent.spawn_later(0.2, order.append, 'late')
gevent.spawn_later(0.1, order.append, 'early')
gevent.spawn(order.append, 'now')
gevent.sleep(0.3)
print(order)
