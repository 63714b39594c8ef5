# Checks a Timer's print lands between two main-thread prints separated by a longer sleep. [TMR-1]
import threading
import time
t = threading.Timer(0.15, lambda: print('timer fires at about 0.15 s'))
t.start()
print('main at 0 s')
time.sleep(0.4)
print('main at 0.4 s')
t.join()
