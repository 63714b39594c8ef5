# Checks prints from two threads interleave by virtual/real time when their sleeps are offset by 0.15 s.
import threading
import time
def ticker(name, offset, count):
    time.sleep(offset)
    for i in range(count):
        print(f'{name} tick {i}')
        time.sleep(0.3)
a = threading.Thread(target=ticker, args=('A', 0.0, 3))
b = threading.Thread(target=ticker, args=('B', 0.15, 3))
a.start(); b.start()
a.join(); b.join()
print('done')
