# Checks wait(0)/wait(negative) poll the flag, and a non-numeric timeout fails only on a clear event. [EVT-6] [EVT-7]
import threading
e = threading.Event()
print(e.wait(0), e.wait(-1))
try:
    e.wait('soon')
except TypeError as err:
    print('TypeError:', err)
e.set()
print(e.wait(0), e.wait(-1), e.wait('soon'))
