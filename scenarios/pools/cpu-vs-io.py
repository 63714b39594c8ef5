"""Real twin of cpu-vs-io.ts: `tasks` tasks of `seconds` each, CPU-bound (a Python loop sized
to take `seconds` alone, measured first) or I/O-bound (a sleep), run one way: serially, on a
ThreadPoolExecutor, a ProcessPoolExecutor, or a gevent pool of greenlets after
`monkey.patch_all()` (needs gevent). Parameters: JSON in argv[1] (kind, tasks, workers,
seconds, way). Prints JSON: elapsed seconds of that way."""

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def spin(n):
    x = 0
    for i in range(n):
        x += i
    return x


def rate():
    """Loop iterations per second on this machine, alone: the best of nine ~35 ms windows, so
    that a stall (another process still exiting, say) must last 0.3 s to shrink the tasks (the
    best of five 7 ms windows made them 0.57-1.0 of their length on a 2-core VM). The best, not
    the median: a long loop runs at about the best short window's speed here (median windows
    made the tasks 0.9 of their length)."""
    n = 1_000_000
    best = float("inf")
    for _ in range(9):
        t0 = time.perf_counter()
        spin(n)
        best = min(best, time.perf_counter() - t0)
    return n / best


def cpu_task(n):
    spin(n)


def io_task(seconds):
    time.sleep(seconds)


def main():
    p = {"kind": "cpu", "tasks": 8, "workers": 4, "seconds": 0.25, "way": "serial", **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")}
    if p["way"] == "greenlets":
        from gevent import monkey

        monkey.patch_all()
    task, arg = (cpu_task, int(rate() * p["seconds"])) if p["kind"] == "cpu" else (io_task, p["seconds"])
    work = [arg] * p["tasks"]
    t0 = time.perf_counter()
    if p["way"] == "serial":
        for a in work:
            task(a)
    elif p["way"] in ("threads", "processes"):
        Pool = ThreadPoolExecutor if p["way"] == "threads" else ProcessPoolExecutor
        with Pool(p["workers"]) as pool:
            for f in [pool.submit(task, a) for a in work]:
                f.result()
    elif p["way"] == "greenlets":
        import gevent.pool

        gp = gevent.pool.Pool(p["workers"])
        for a in work:
            gp.spawn(task, a)
        gp.join()
    else:
        sys.exit(f"unknown way {p['way']!r}")
    print(json.dumps({"elapsed": time.perf_counter() - t0}))


if __name__ == "__main__":
    main()
