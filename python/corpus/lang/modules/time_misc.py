# Checks time.sleep argument errors and that monotonic never goes backwards across sleeps.
import time
for bad in ['x', None]:
    try:
        time.sleep(bad)
    except TypeError as e:
        print('TypeError:', e)
readings = []
for _ in range(5):
    readings.append(time.monotonic())
    time.sleep(0.01)
print(all(b > a for a, b in zip(readings, readings[1:])), readings[-1] - readings[0] >= 0.04)
print(type(time.perf_counter()).__name__, type(time.time_ns()).__name__, time.time_ns() > 0)
