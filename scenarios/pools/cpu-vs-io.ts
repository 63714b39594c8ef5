/**
 * CPU-bound versus I/O-bound work, run four ways: serially in the main thread, on a
 * ThreadPoolExecutor, on a ProcessPoolExecutor, and on a gevent `pool.Pool` of greenlets
 * with `monkey.patchAll()`. Threads overlap waiting but not computing — the GIL lets one
 * thread of a process compute at a time — while processes compute in parallel up to the
 * core count, less their start and pickling costs. Greenlets share one OS thread: patched
 * sleeps yield to the hub, so they overlap waiting too, but a computing greenlet holds the
 * hub and nothing else runs. The result gives each way's elapsed virtual time and its
 * speed-up over serial.
 *
 * Each task's work is drawn up front from the run's seed, uniformly within ±`jitter` of
 * `seconds` (exactly `seconds` when `jitter` is 0), so every way does the same work.
 * The greenlets run last: `monkey.patchAll()` is a switch for the rest of the run, and
 * would turn the pools' threads into greenlets too.
 */
import {
  type Blocking,
  compute,
  defineScenario,
  type Executor,
  gevent,
  monotonic,
  ProcessPoolExecutor,
  param,
  sleep,
  ThreadPoolExecutor,
} from 'concsim';

const { pool: gpool, monkey } = gevent;

/** A CPU-bound task: a loop that holds the GIL for `seconds`. */
function* cpuTask(seconds: number): Blocking<number> {
  yield* compute(seconds);
  return seconds;
}

/** An I/O-bound task: a blocking call (a socket read, a disk wait) of `seconds`. */
function* ioTask(seconds: number): Blocking<number> {
  yield* sleep(seconds);
  return seconds;
}

function* timed(body: () => Blocking): Blocking<number> {
  const t0 = monotonic();
  yield* body();
  return Math.round((monotonic() - t0) * 1e6) / 1e6;
}

function* onPool(pool: Executor, task: typeof cpuTask, work: readonly number[]) {
  yield* pool.with(function* () {
    const fs = [];
    for (const s of work) fs.push(yield* pool.submit(task, s));
    for (const f of fs) yield* f.result();
  });
}

/** `pool = gevent.pool.Pool(workers)`; a greenlet per task (spawn waits for a free slot); `pool.join()`. */
function* onGreenlets(workers: number, task: typeof cpuTask, work: readonly number[]) {
  monkey.patchAll();
  const p = new gpool.Pool(workers);
  for (const s of work) yield* p.spawn(task, s);
  yield* p.join();
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export default defineScenario({
  name: 'cpu-vs-io',
  summary: 'the same tasks, CPU-bound or I/O-bound, serially, on a thread pool, a process pool and a greenlet pool',
  params: {
    kind: param.choice(['cpu', 'io'] as const, { default: 'cpu', doc: 'what each task does' }),
    tasks: param.int({ default: 8, min: 1, max: 10_000, checkMax: 8, doc: 'number of tasks' }),
    workers: param.int({ default: 4, min: 1, max: 256, checkMax: 8, doc: 'pool size for every pool' }),
    seconds: param.number({ default: 0.25, min: 0.001, max: 60, checkMax: 1, doc: 'work per task, seconds' }),
    jitter: param.number({
      default: 0,
      min: 0,
      max: 0.9,
      doc: "each task's work is drawn within ±jitter × seconds (0: every task takes exactly seconds)",
    }),
    cores: param.int({ default: 4, min: 1, max: 256, checkMax: 8, doc: 'simulated CPU cores' }),
  },
  limits: (p) => ({ cores: p.cores }),
  *main(p, ctx) {
    const task = p.kind === 'cpu' ? cpuTask : ioTask;
    // Whole microseconds, so that the serial time is their exact sum.
    const work = Array.from({ length: p.tasks }, () =>
      p.jitter === 0
        ? p.seconds
        : Math.max(1e-6, Math.round(p.seconds * ctx.rng.uniform(1 - p.jitter, 1 + p.jitter) * 1e6) / 1e6),
    );
    const serial = yield* timed(function* () {
      for (const s of work) yield* task(s);
    });
    const threads = yield* timed(() => onPool(new ThreadPoolExecutor(p.workers), task, work));
    const processes = yield* timed(() => onPool(new ProcessPoolExecutor(p.workers), task, work));
    const greenlets = yield* timed(() => onGreenlets(p.workers, task, work));
    return {
      kind: p.kind,
      serial,
      threads,
      processes,
      greenlets,
      longest: Math.max(...work),
      speedup: {
        threads: round(serial / threads),
        processes: round(serial / processes),
        greenlets: round(serial / greenlets),
      },
    };
  },
  invariants: [
    {
      name: 'gil',
      statement:
        'threads and greenlets give no speed-up for CPU-bound work: one thread of a process computes at a time, and greenlets share one OS thread',
      check: (r) => {
        if (r.kind !== 'cpu') return undefined;
        for (const way of ['threads', 'greenlets'] as const) {
          if (r.speedup[way] > 1.001) return `${way} sped CPU work up ${r.speedup[way]}×`;
        }
        return undefined;
      },
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
    {
      name: 'io-overlap',
      statement:
        'for I/O-bound work, the thread pool and the greenlet pool overlap the waits: each finishes within serial / m + the longest task, m = min(workers, tasks) (the bound of greedy list scheduling)',
      check: (r, p) => {
        if (r.kind !== 'io') return undefined;
        const bound = r.serial / Math.min(p.workers, p.tasks) + r.longest + 1e-6;
        for (const way of ['threads', 'greenlets'] as const) {
          if (r[way] > bound) return `the ${way} pool took ${r[way]} s, more than its bound of ${round(bound)} s`;
        }
        return undefined;
      },
    },
  ],
});
