# Checks strict alternation between two threads handing a turn back and forth with two Events.
import threading
ping, pong = threading.Event(), threading.Event()
log = []
def player(name, mine, theirs, rounds):
    for i in range(rounds):
        mine.wait()
        mine.clear()
        log.append(f'{name}{i}')
        theirs.set()
a = threading.Thread(target=player, args=('ping', ping, pong, 4))
b = threading.Thread(target=player, args=('pong', pong, ping, 4))
a.start(); b.start()
ping.set()
a.join(); b.join()
print(' '.join(log))
