"""Summarises a trace written by gil_replica.c (TRACE=FILE): who takes the GIL after each release,
how long drop_gil and the mutex waits take, what a woken thread does next, and how many threads
sleep on the condition variable. Usage: python3 gil_replica_trace.py FILE

Events, one "ns thread event" a line: S/D drop_gil with/without a waiter, d its end; X a system
call's return; T take_gil, m its mutex taken; W/w a condition-variable wait and its return; G the
GIL taken."""

import collections
import statistics
import sys


def quantile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main(path):
    events = []
    with open(path) as f:
        for line in f:
            t, thread, kind = line.split()
            events.append((int(t), int(thread), kind))
    events.sort()
    by_thread = collections.defaultdict(list)
    for t, thread, kind in events:
        by_thread[thread].append((t, kind))

    # Who takes the GIL next after each release.
    next_holder = collections.Counter()
    release = None
    for t, thread, kind in events:
        if kind in "SD":
            release = (thread, kind)
        elif kind == "G" and release is not None:
            next_holder[(release[1], "releaser" if thread == release[0] else "another thread")] += 1
            release = None
    print("next GIL holder after a release (S: with a waiter, D: none):", dict(next_holder))

    drops = {"S": [], "D": []}
    woken_then = collections.Counter()
    after_syscall = collections.Counter()
    mutex_waits = []
    for seq in by_thread.values():
        for i, (t, kind) in enumerate(seq):
            if kind in "SD" and i + 1 < len(seq) and seq[i + 1][1] == "d":
                drops[kind].append((seq[i + 1][0] - t) / 1e3)
            if kind == "w" and i + 1 < len(seq):
                woken_then["waits again" if seq[i + 1][1] == "W" else "takes the GIL"] += 1
            if kind == "X" and i + 3 < len(seq) and seq[i + 1][1] == "T" and seq[i + 2][1] == "m":
                mutex_waits.append((seq[i + 2][0] - seq[i + 1][0]) / 1e3)
                after_syscall["finds it held" if seq[i + 3][1] == "W" else "takes it"] += 1
    for kind, xs in drops.items():
        if xs:
            print(
                f"drop_gil ({kind}): n {len(xs)}, median {statistics.median(xs):.2f} µs, "
                f"p90 {quantile(xs, 0.9):.1f}, p95 {quantile(xs, 0.95):.1f}"
            )
    print("a woken thread then:", dict(woken_then))
    print("back from a system call, take_gil:", dict(after_syscall))
    if mutex_waits:
        long_waits = sum(1 for x in mutex_waits if x > 5) / len(mutex_waits)
        print(
            f"its wait for the GIL's mutex: median {statistics.median(mutex_waits):.2f} µs, "
            f"p90 {quantile(mutex_waits, 0.9):.1f}, longer than 5 µs {100 * long_waits:.0f}%"
        )

    asleep, samples = 0, []
    for _, _, kind in events:
        asleep += {"W": 1, "w": -1}.get(kind, 0)
        samples.append(asleep)
    print(f"threads asleep on the condvar: {statistics.mean(samples):.1f} on average, of {len(by_thread)}")


if __name__ == "__main__":
    main(sys.argv[1])
