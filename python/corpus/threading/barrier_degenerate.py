# Checks Barrier(1) returns 0 at once and Barrier(0) is accepted and times out broken; default timeout. [BAR-8]
import threading
print(threading.Barrier(1).wait())
z = threading.Barrier(0)
print(z.parties)
try:
    z.wait(0.05)
except threading.BrokenBarrierError:
    print('Barrier(0) broke after the timeout')
d = threading.Barrier(2, timeout=0.05)
try:
    d.wait()
except threading.BrokenBarrierError:
    print('constructor timeout used')
