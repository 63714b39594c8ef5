"""100 threads wait on one Event; the main thread sets it. Prints, in ms from `set()`, how long
`set()` took and when the threads came out of their wait (p10, p50, p90, last), twice: threads that
end at once, and threads that sleep 1 ms first (so that only the hand-off of the GIL from one woken
thread to the next is timed). CPython's go-phase of every echo load (MEASUREMENTS-2026-12-07.md,
session 8). It runs unchanged in the model, `concsim run reports/calibrate/event_release.py --costs
calibrated`, so both figures come from the same program."""

import threading
import time

N = 100


def release(then_sleep):
    go = threading.Event()
    out = []

    def waiter():
        go.wait()
        out.append(time.monotonic())
        if then_sleep:
            time.sleep(0.001)

    threads = [threading.Thread(target=waiter) for _ in range(N)]
    for t in threads:
        t.start()
    time.sleep(0.05)
    t0 = time.monotonic()
    go.set()
    t1 = time.monotonic()
    for t in threads:
        t.join()
    x = sorted((v - t0) * 1000 for v in out)
    kind = "then sleep 1 ms" if then_sleep else "then end"
    print(
        f"{kind}: set() {(t1 - t0) * 1000:.2f} ms; out of the wait p10 {x[N // 10]:.2f}"
        f" p50 {x[N // 2]:.2f} p90 {x[9 * N // 10]:.2f} last {x[-1]:.2f} ms"
    )


for then_sleep in (False, True, False, True):
    release(then_sleep)
