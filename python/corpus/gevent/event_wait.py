# gevent.event.Event: waiters wake when it is set [GEV-14]
import gevent
from gevent.event import Event

ev = Event()
def waiter(n):
    print('waiting', n)
    ev.wait()
    print('woke', n)

def setter():
    gevent.sleep(0.1)
    print('setting')
    ev.set()

gevent.joinall([gevent.spawn(waiter, 1), gevent.spawn(waiter, 2), gevent.spawn(setter)])
print(ev.is_set())
