# Checks time.sleep advances time.time/monotonic/perf_counter by at least the sleep, printed as booleans.
import time
t0, m0, p0 = time.time(), time.monotonic(), time.perf_counter()
time.sleep(0.1)
dt, dm, dp = time.time() - t0, time.monotonic() - m0, time.perf_counter() - p0
print(dt >= 0.09, dm >= 0.1, dp >= 0.1, dm < 1.0)
print(type(time.time()).__name__, time.monotonic() >= m0)
time.sleep(0)
print('slept zero')
try:
    time.sleep(-1)
except ValueError as e:
    print('ValueError:', e)
