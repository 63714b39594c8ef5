# spawn schedules; the function runs when the spawner yields, in spawn order [GEV-1] [GEV-2]
import gevent

def eat(name):
    print('%s eat 1' % name)
    gevent.sleep(0.2)
    print('%s eat 2' % name)

def play(name):
    print('%s play 1' % name)
    gevent.sleep(0.1)
    print('%s play 2' % name)

g1 = gevent.spawn(eat, 'egon')
g2 = gevent.spawn(play, name='egon')
print('spawned')
g1.join()
g2.join()
print('main end')
