/**
 * The Python front end's benchmarks, each program the same text for concsim and for the
 * local `python3` (run.ts times that one with `time.perf_counter` around `exec`, start-up
 * excluded):
 * - py-loop: a pystone-like workload (a class with methods and attributes, calls, list and
 *   dict operations, string building) and a tight arithmetic loop, run by `runPython`;
 * - py-schedules: `check` of a small `.py` race (two threads, `counter += 1` three times
 *   each, with a preemption explored at every eval-breaker point) that never fails, so
 *   every run is explored: the Python twin of the `schedules` benchmark.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { runPython } from '../../python/index.ts';
import { checkTarget, pythonScenario } from '../../runner/python.ts';
import type { Measure, Params } from './workloads.ts';
import { num } from './workloads.ts';

/** A pystone-like loop: objects, method calls, attribute updates, lists, dicts, strings. */
export const PYSTONE = `class Record:
    def __init__(self, ident, value):
        self.ident = ident
        self.value = value
        self.next = None
    def bump(self, by):
        self.value = self.value + by
        return self.value

def proc(rec, k):
    rec.bump(k % 3)
    if rec.value % 2 == 0:
        return rec.value // 2
    return rec.value * 3 + 1

def run(loops):
    recs = [Record(i, i) for i in range(10)]
    table = {}
    total = 0
    for i in range(loops):
        r = recs[i % 10]
        total += proc(r, i)
        table[i % 50] = r.ident
        if i % 100 == 0:
            s = "x" + str(i)
            total += len(s)
    return total + len(table)

run(LOOPS)
`;

/** A tight arithmetic loop. */
export const ARITH = `def run(n):
    s = 0
    i = 0
    while i < n:
        s = (s + i * i) % 1000003
        i += 1
    return s

run(LOOPS)
`;

/** The check's race: a bare `counter += 1` has no eval-breaker point inside, so it never fails. */
export const RACE = `import threading
N = 3
counter = 0
def work():
    global counter
    for _ in range(N):
        counter += 1
ts = [threading.Thread(target=work) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
assert counter == 2 * N
`;

export const PY_LOOPS: Readonly<Record<string, { source: string; loops: number }>> = {
  pystone: { source: PYSTONE, loops: 200_000 },
  arith: { source: ARITH, loops: 2_000_000 },
};

/** One run of a loop program (`program`: pystone or arith) of `loops` iterations; units are iterations. */
export function pyLoop(p: Params): Measure {
  const which = PY_LOOPS[String(p['program'])] ?? (PY_LOOPS['pystone'] as { source: string; loops: number });
  const loops = num(p, 'loops', which.loops);
  const source = which.source.replace('run(LOOPS)', `run(${loops})`);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = runPython(source, { filename: 'loop.py' });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  if (r.exitCode !== 0) throw new Error(`py-loop: the program failed: ${r.stderr}`);
  return {
    seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    units: loops,
    steps: 0,
    contextSwitches: 0,
    choices: 0,
    virtualTime: 0,
    verdict: r.verdict.kind,
  };
}

/** `runs` schedules of the `.py` race (compiled once, as a check of a file does). */
export function pySchedules(p: Params): Measure {
  const runs = num(p, 'runs', 20_000);
  const scenario = pythonScenario(RACE, 'race.py');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const report = checkTarget(scenario, { runs, seed: num(p, 'seed', 42) });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  if (!report.ok) throw new Error(`py-schedules: the race check failed: ${report.failure?.verdict.kind}`);
  return {
    seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    units: report.runs,
    steps: 0,
    contextSwitches: 0,
    choices: 0,
    virtualTime: 0,
    verdict: 'ok',
  };
}

/** Seconds the local `python3` takes to run `source` (start-up excluded); NaN without python3. */
export function python3Seconds(source: string): number {
  const timer =
    'import sys, time\nsrc = sys.stdin.read()\ncode = compile(src, "loop.py", "exec")\n' +
    't = time.perf_counter()\nexec(code, {"__name__": "__main__"})\nprint(time.perf_counter() - t)\n';
  const r = spawnSync('python3', ['-c', timer], { input: source, encoding: 'utf8', timeout: 300_000 });
  return r.status === 0 ? Number(r.stdout.trim()) : Number.NaN;
}
