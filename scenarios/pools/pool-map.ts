/**
 * `yield* executor.map(work, range(tasks), chunksize=...)` on a ThreadPoolExecutor or a
 * ProcessPoolExecutor of `workers`: every task is submitted at the `map` call, so a task
 * waits in the pool's queue until a worker is free (its *queueing delay*), then runs:
 * part computing (holding its process's GIL and a core) and the rest waiting on I/O. Each
 * task returns when it started and ended and which worker ran it, from which the pools
 * report derives queueing delay and utilisation (busy workers / workers over time).
 *
 * `chunksize` is ProcessPoolExecutor's: it sends the tasks to the workers in chunks of
 * that many, one message each, run back to back in one worker — fewer messages, but the
 * last tasks of a chunk wait behind the first ones and an uneven split leaves workers idle.
 * ThreadPoolExecutor accepts it and ignores it [MAP-5].
 *
 * Each task's duration is drawn up front from the run's seed, uniformly within ±`jitter`
 * of `seconds`; the schedule cannot change it.
 */
import {
  type Blocking,
  boundedConcurrency,
  compute,
  currentThread,
  defineScenario,
  mark,
  monotonic,
  multiprocessing,
  ProcessPoolExecutor,
  param,
  sleep,
  ThreadPoolExecutor,
} from 'concsim';

const { getpid } = multiprocessing;

/** What one task reports: its index, when it started and ended (seconds), and its worker. */
export type TaskSpan = readonly [index: number, start: number, end: number, worker: string];

/** The task: module-level, so it pickles by reference as Python's would. */
function* work(arg: readonly [number, number, number]): Blocking<TaskSpan> {
  const [i, cpuSeconds, ioSeconds] = arg;
  const start = monotonic();
  mark('task.start', `work(${i})`);
  if (cpuSeconds > 0) yield* compute(cpuSeconds);
  if (ioSeconds > 0) yield* sleep(ioSeconds);
  mark('task.end', `work(${i})`);
  return [i, start, monotonic(), `${getpid()}/${currentThread().name}`];
}

export interface PoolMapResult {
  readonly executor: 'thread' | 'process';
  /** Virtual seconds from the `map` call to the last result taken. */
  readonly elapsed: number;
  /** Each task's duration as drawn (seconds). */
  readonly durations: readonly number[];
  /** Per task, in input order: [index, start, end, worker], times in seconds from the `map` call. */
  readonly spans: readonly TaskSpan[];
}

const us = (x: number) => Math.round(x * 1e6) / 1e6;

export default defineScenario({
  name: 'pool-map',
  summary: 'executor.map over a thread or process pool with a chunksize: when each task waits, starts and ends',
  params: {
    executor: param.choice(['thread', 'process'] as const, { default: 'process', doc: 'pool kind' }),
    workers: param.int({ default: 4, min: 1, max: 256, checkMax: 8, doc: 'maxWorkers' }),
    chunksize: param.int({ default: 1, min: 1, max: 10_000, checkMax: 8, doc: 'map chunksize' }),
    tasks: param.int({ default: 32, min: 1, max: 10_000, checkMax: 24, doc: 'items mapped' }),
    seconds: param.number({
      default: 0.01,
      min: 0.000_01,
      max: 60,
      checkMax: 0.05,
      doc: 'mean work per task, seconds',
    }),
    cpu: param.number({
      default: 0.25,
      min: 0,
      max: 1,
      doc: 'share of each task spent computing (the rest waits on I/O)',
    }),
    jitter: param.number({ default: 0.5, min: 0, max: 0.9, doc: "each task's work is drawn within ±jitter × seconds" }),
    cores: param.int({ default: 4, min: 1, max: 256, checkMax: 8, doc: 'simulated CPU cores' }),
  },
  limits: (p) => ({ cores: p.cores }),
  *main(p, ctx): Blocking<PoolMapResult> {
    const durations = Array.from({ length: p.tasks }, () =>
      us(Math.max(2e-6, p.seconds * ctx.rng.uniform(1 - p.jitter, 1 + p.jitter))),
    );
    const items = durations.map((d, i) => {
      const cpu = us(d * p.cpu);
      return [i, cpu, us(d - cpu)] as const;
    });
    const pool = p.executor === 'process' ? new ProcessPoolExecutor(p.workers) : new ThreadPoolExecutor(p.workers);
    let t0 = 0;
    let elapsed = 0;
    let spans: TaskSpan[] = [];
    yield* pool.with(function* () {
      t0 = monotonic();
      spans = yield* (yield* pool.map(work, items, { chunksize: p.chunksize })).results();
      elapsed = us(monotonic() - t0);
    });
    return {
      executor: p.executor,
      elapsed,
      durations,
      spans: spans.map(([i, s, e, w]) => [i, us(s - t0), us(e - t0), w] as const),
    };
  },
  invariants: [
    {
      name: 'results-in-order',
      statement: 'map returns one result per item, in input order',
      check: (r, p) => {
        if (r.spans.length !== p.tasks) return `${r.spans.length} results for ${p.tasks} items`;
        const bad = r.spans.findIndex((s, i) => s[0] !== i);
        return bad >= 0 ? `result ${bad} is item ${r.spans[bad]?.[0]}'s` : undefined;
      },
    },
    {
      name: 'bounded-workers',
      statement: 'never more than `workers` tasks run at once, on never more than `workers` distinct workers',
      monitor: (p) => boundedConcurrency('task', p.workers),
      check: (r, p) => {
        const workers = new Set(r.spans.map((s) => s[3])).size;
        return workers > p.workers ? `${workers} workers ran tasks for a pool of ${p.workers}` : undefined;
      },
    },
    {
      name: 'chunks-stay-together',
      statement:
        'on a process pool, the tasks of one chunk run in one worker, one after another, in input order; no task starts before the map call',
      check: (r, p) => {
        for (const s of r.spans) if (s[1] < 0) return `task ${s[0]} started before the map call`;
        if (r.executor !== 'process') return undefined;
        for (let i = 1; i < r.spans.length; i++) {
          if (i % p.chunksize === 0) continue;
          const a = r.spans[i - 1] as TaskSpan;
          const b = r.spans[i] as TaskSpan;
          if (a[3] !== b[3]) return `tasks ${a[0]} and ${b[0]} of one chunk ran in ${a[3]} and ${b[3]}`;
          if (b[1] < a[2]) return `task ${b[0]} started before task ${a[0]} of its chunk ended`;
        }
        return undefined;
      },
    },
  ],
});
