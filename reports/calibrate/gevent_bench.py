"""gevent micro-benchmarks for `concsim calibrate`: run only where `import gevent` works.

Usage: python3 gevent_bench.py [SCALE]

Prints one JSON object: greenletSwitch (a raw switch between two greenlets, each way) and
hubIteration (the rest of a `gevent.sleep(0)` round trip through the hub: a loop iteration
with its callback, less the two switches), in microseconds.
"""

import json
import sys
import time

import gevent
import greenlet

SCALE = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
COUNT = max(1, int(100_000 * SCALE))


def switches():
    main = greenlet.getcurrent()

    def other():
        while True:
            main.switch()

    g = greenlet.greenlet(other)
    g.switch()
    t0 = time.perf_counter()
    for _ in range(COUNT):
        g.switch()
    return (time.perf_counter() - t0) / COUNT / 2  # there and back


def sleeps():
    t0 = time.perf_counter()
    for _ in range(COUNT):
        gevent.sleep(0)
    return (time.perf_counter() - t0) / COUNT


switch = switches()
round_trip = sleeps()
print(json.dumps({"greenletSwitch": switch * 1e6, "hubIteration": max(0.0, (round_trip - 2 * switch) * 1e6)}))
