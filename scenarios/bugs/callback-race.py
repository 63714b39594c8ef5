# Callback race: a done-callback runs in the worker thread that completed its future, so it
# races with the task still running in the other worker. Both update a shared tally with a
# read-then-write and no lock; `concsim check` finds the schedule that loses an update.
# (concsim runs a done-callback without a switch inside it; the race is with the task.)
# FIXED = True (`--param FIXED=true`) is the fix: both updates hold one lock.
import threading
from concurrent.futures import ThreadPoolExecutor

FIXED = False
tally = {'n': 0}
lock = threading.Lock()

def plus(v, x):
    return v + x

def work(x):
    if FIXED:
        with lock:
            tally['n'] = plus(tally['n'], x)
        return x
    v = tally['n']
    tally['n'] = plus(v, x)
    return x

def record(fut):
    if FIXED:
        with lock:
            tally['n'] = tally['n'] + 10
        return
    tally['n'] = tally['n'] + 10

with ThreadPoolExecutor(max_workers=2) as ex:
    ex.submit(work, 1).add_done_callback(record)
    ex.submit(work, 2)
assert tally['n'] == 13, tally
print(tally)
