"""Where Linux runs the threads it wakes, read from a scheduler trace of a real run: each CPU's
idle share and, for every wake-up, how long the woken thread waited to run, by where it was sent
(its target CPU busy or idle, the other CPU busy or idle, the waker's CPU or not). Two CPUs.

    perf sched record -k CLOCK_MONOTONIC -o sched.data -- python3 PROGRAM
    perf script -i sched.data --time START,END > sched.txt
    python3 reports/calibrate/sched_trace.py sched.txt

START and END cut the trace to the window to study, in CLOCK_MONOTONIC seconds (the program's
`time.monotonic()`). MEASUREMENTS-2026-12-07.md, session 7, has what it showed for io-models."""

import collections
import re
import sys

LINE = re.compile(r"\s*(\S+)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)")


def main(path):
    running = {0: None, 1: None}
    idle_since, idle = {}, collections.Counter()
    woken, waits = {}, collections.defaultdict(list)
    first = last = None
    for line in open(path):
        m = LINE.match(line)
        if not m:
            continue
        _, _, cpu, t, event, rest = m.groups()
        cpu, t = int(cpu), float(t)
        first = t if first is None else first
        last = t
        if event == "sched:sched_waking":
            pid = int(re.search(r"pid=(\d+)", rest).group(1))
            target = int(re.search(r"target_cpu=(\d+)", rest).group(1))
            busy = [running[c] not in (None, 0) for c in (0, 1)]
            kind = (
                f"target {'busy' if busy[target] else 'idle'}, other {'busy' if busy[1 - target] else 'idle'}, "
                f"{'the waker’s CPU' if target == cpu else 'not the waker’s CPU'}"
            )
            woken[pid] = (t, kind)
        elif event == "sched:sched_switch":
            nxt = int(re.search(r"next_pid=(\d+)", rest).group(1))
            if cpu in idle_since:
                idle[cpu] += t - idle_since.pop(cpu)
            if nxt == 0:
                idle_since[cpu] = t
            running[cpu] = nxt
            if nxt in woken:
                t0, kind = woken.pop(nxt)
                waits[kind].append((t - t0) * 1e6)
    for cpu, t in idle_since.items():
        idle[cpu] += last - t
    span = last - first
    print(f"{span * 1e3:.1f} ms traced; idle: " + ", ".join(f"CPU {c} {idle[c] / span:.0%}" for c in (0, 1)))
    total = sum(len(w) for w in waits.values())
    for kind, w in sorted(waits.items(), key=lambda kv: -len(kv[1])):
        w.sort()
        n = len(w)
        print(f"{n / total:6.1%} {kind}: waited p50 {w[n // 2]:.0f} µs, p90 {w[9 * n // 10]:.0f} µs (n {n})")


main(sys.argv[1])
