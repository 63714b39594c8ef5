# Checks Event: initially clear, wait(t) False on timeout, True once set, clear resets. [EVT-1] [EVT-2] [EVT-3]
import threading
import time
e = threading.Event()
print(e.is_set())
start = time.monotonic()
print(e.wait(0.05), time.monotonic() - start >= 0.04)
e.set()
print(e.is_set(), e.wait(), e.wait(0.01))
e.clear()
print(e.is_set(), e.wait(0))
