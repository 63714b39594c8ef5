# The study note's process pool, the Python twin of process-pool-squares.ts, one program for
# both sides of `concsim report fidelity`: `concsim run` runs it in virtual time, python3 runs
# it for real. A ProcessPoolExecutor of WORKERS squares TASKS numbers, task i printing its
# worker's pid and sleeping delays[i] seconds (1-3 s), and the main thread collects the
# squares in submission order after shutdown(True); the last line is JSON with the elapsed
# seconds from creating the pool to the end of shutdown, as the scenario measures it.
# Parameters: the constants below (`concsim run ... --param WORKERS=4`), or on real CPython
# a JSON object in argv[1] with the scenario's keys (workers, tasks, executor, delays: the
# delays the scenario drew, so both sides sleep the same).
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
import json, os, random, sys, time

WORKERS = 3
TASKS = 11
EXECUTOR = 'process'

def task(n, delay):
    print(f'{os.getpid()} is running')
    time.sleep(delay)
    return n ** 2

if __name__ == '__main__':
    given = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    workers = given.get('workers', WORKERS)
    executor_kind = given.get('executor', EXECUTOR)
    delays = given.get('delays') or [random.randint(1, 3) for _ in range(given.get('tasks', TASKS))]
    t0 = time.perf_counter()
    Pool = ProcessPoolExecutor if executor_kind == 'process' else ThreadPoolExecutor
    executor = Pool(max_workers=workers)
    futures = []
    for i, delay in enumerate(delays):
        future = executor.submit(task, i, delay)
        futures.append(future)
    executor.shutdown(True)
    elapsed = time.perf_counter() - t0
    print('*' * 50)
    results = [future.result() for future in futures]
    for r in results:
        print(r)
    assert results == [i * i for i in range(len(delays))]
    print(json.dumps({'elapsed': elapsed}))
