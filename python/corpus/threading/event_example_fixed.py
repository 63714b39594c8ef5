# Checks the study note's Event description made runnable: a controller thread sets the event, waiters resume. [EVT-5]
from threading import Event, Thread
import time
event = Event()
def light():
    print('red light, is_set =', event.is_set())
    time.sleep(0.1)
    event.set()
    print('green light')
def car(n):
    event.wait()
    return n
cars = [Thread(target=car, args=(i,)) for i in range(3)]
for c in cars:
    c.start()
controller = Thread(target=light)
controller.start()
controller.join()
for c in cars:
    c.join()
print('all cars passed, is_set =', event.is_set())
event.clear()
print('after clear, is_set =', event.is_set())
