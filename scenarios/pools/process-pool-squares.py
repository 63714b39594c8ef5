"""Real twin of process-pool-squares.ts: a pool of `workers` (ProcessPoolExecutor, or
ThreadPoolExecutor with executor=thread) squares `tasks` numbers, task i sleeping delays[i]
seconds (the delays the scenario drew, passed in; else drawn uniformly from 1-3 s), and the
main thread collects the results in submission order. Parameters: JSON in argv[1] (workers,
tasks, executor, delays). Prints JSON: elapsed seconds from creating the pool to the end of
its `with` block, as the scenario measures it."""

import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def square(x, delay):
    time.sleep(delay)
    return x * x, os.getpid()


if __name__ == "__main__":
    p = {"workers": 3, "tasks": 11, "executor": "process", **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")}
    delays = p.get("delays") or [round(random.uniform(1, 3), 3) for _ in range(p["tasks"])]
    t0 = time.perf_counter()
    Pool = ProcessPoolExecutor if p["executor"] == "process" else ThreadPoolExecutor
    with Pool(p["workers"]) as pool:
        fs = [pool.submit(square, i, d) for i, d in enumerate(delays)]
        results = [f.result()[0] for f in fs]
    elapsed = time.perf_counter() - t0
    assert results == [i * i for i in range(len(delays))]
    print(json.dumps({"elapsed": elapsed}))
