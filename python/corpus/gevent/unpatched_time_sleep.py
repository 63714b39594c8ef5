# Without patching, time.sleep blocks the whole thread: greenlets run one after another [GEV-3]
import time
import gevent

def work(name):
    print(name, 'start')
    time.sleep(0.1)
    print(name, 'end')

gevent.joinall([gevent.spawn(work, 'a'), gevent.spawn(work, 'b')])
