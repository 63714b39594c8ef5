/**
 * CPU-bound versus I/O-bound work, run three ways: serially in the main thread, on a
 * ThreadPoolExecutor and on a ProcessPoolExecutor. Threads overlap waiting but not
 * computing — the GIL lets one thread of a process compute at a time — while processes
 * compute in parallel up to the core count, less their start and pickling costs. The
 * result gives each way's elapsed virtual time and its speed-up over serial.
 */

import type { Executor } from '../models/futures/executor.ts';
import { ProcessPoolExecutor } from '../models/futures/process-pool.ts';
import { ThreadPoolExecutor } from '../models/futures/thread-pool.ts';
import { compute, monotonic, sleep } from '../models/time.ts';
import { param } from './params.ts';
import { defineScenario } from './scenario.ts';

/** A CPU-bound task: a loop that holds the GIL for `seconds`. */
function* cpuTask(seconds: number): Generator<unknown, number, unknown> {
  yield* compute(seconds);
  return seconds;
}

/** An I/O-bound task: a blocking call (a socket read, a disk wait) of `seconds`. */
function* ioTask(seconds: number): Generator<unknown, number, unknown> {
  yield* sleep(seconds);
  return seconds;
}

function* timed(body: () => Generator<unknown, void, unknown>): Generator<unknown, number, unknown> {
  const t0 = monotonic();
  yield* body();
  return Math.round((monotonic() - t0) * 1e6) / 1e6;
}

function* onPool(pool: Executor, task: typeof cpuTask, n: number, seconds: number) {
  yield* pool.with(function* () {
    const fs = Array.from({ length: n }, () => pool.submit(task, seconds));
    for (const f of fs) yield* f.result();
  });
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export default defineScenario({
  name: 'cpu-vs-io',
  summary: 'the same tasks, CPU-bound or I/O-bound, serially, on a thread pool and on a process pool',
  params: {
    kind: param.choice(['cpu', 'io'] as const, { default: 'cpu', doc: 'what each task does' }),
    tasks: param.int({ default: 8, min: 1, max: 10_000, checkMax: 8, doc: 'number of tasks' }),
    workers: param.int({ default: 4, min: 1, max: 256, checkMax: 8, doc: 'pool size for both pools' }),
    seconds: param.number({ default: 0.25, min: 0.001, max: 60, checkMax: 1, doc: 'work per task, seconds' }),
    cores: param.int({ default: 4, min: 1, max: 256, checkMax: 8, doc: 'simulated CPU cores' }),
  },
  limits: (p) => ({ cores: p.cores }),
  *main(p) {
    const task = p.kind === 'cpu' ? cpuTask : ioTask;
    const serial = yield* timed(function* () {
      for (let i = 0; i < p.tasks; i++) yield* task(p.seconds);
    });
    const threads = yield* timed(() => onPool(new ThreadPoolExecutor(p.workers), task, p.tasks, p.seconds));
    const processes = yield* timed(() => onPool(new ProcessPoolExecutor(p.workers), task, p.tasks, p.seconds));
    return {
      kind: p.kind,
      serial,
      threads,
      processes,
      speedup: { threads: round(serial / threads), processes: round(serial / processes) },
    };
  },
  invariants: [
    {
      name: 'gil',
      statement: 'threads give no speed-up for CPU-bound work: one thread of a process computes at a time',
      check: (r) =>
        r.kind === 'cpu' && r.speedup.threads > 1.001 ? `threads sped CPU work up ${r.speedup.threads}×` : undefined,
    },
    {
      name: 'parallelism-bound',
      statement: 'no pool beats serial by more than min(workers, tasks) — nor, for CPU work, than the core count',
      check: (r, p) => {
        const cap = Math.min(p.workers, p.tasks, r.kind === 'cpu' ? p.cores : Number.POSITIVE_INFINITY);
        for (const [way, s] of Object.entries(r.speedup)) {
          if (s > cap + 0.001) return `the ${way} pool sped up ${s}×, more than its parallelism of ${cap}`;
        }
        return undefined;
      },
    },
  ],
});
