/**
 * Helpers shared by the pool properties (futures, process-pool, mp-pool): a task that
 * marks its start and end in the trace, and a trace watcher that counts, at every record,
 * how many tasks are running and how many pool workers (threads or processes) are alive.
 */

import { fc } from '@fast-check/vitest';
import type { Blocking } from '../engine/index.ts';
import { kernel, mark, type TraceListener, type TraceRecord } from '../engine/index.ts';
import { sleep } from '../models/time.ts';

/** Milliseconds in seconds. */
export const ms = (n: number) => n / 1000;

/** A task's delay in ms (0 is a bare scheduling point). */
export const delayArb = fc.integer({ min: 0, max: 3 });

/** The start method of a process pool. */
export const methodArb = fc.constantFrom('fork' as const, 'spawn' as const);

/** How long (seconds) a worker process takes to start with `method`, from the kernel's costs. */
export function startupSeconds(method: 'fork' | 'spawn'): number {
  const k = kernel();
  return (method === 'fork' ? k.costs.processStartFork : k.costs.processStartSpawn) / 1e6;
}

/** What the echo tasks received and returned, by id, to compare identities in the parent. */
export const received = new Map<number, unknown>();
export const returned = new Map<number, unknown>();

/** Returns its argument twice in one object: pickle's memo must keep the two the same object. */
export function echo(id: number, v: unknown): { value: unknown; again: unknown } {
  received.set(id, v);
  const out = { value: v, again: v };
  returned.set(id, out);
  return out;
}

/**
 * The task: emits `task.start`, sleeps `delay` milliseconds (0 is a bare scheduling point),
 * emits `task.end` and returns `value`. Module-level and named, so it pickles by
 * reference as a Python module-level function does; it runs in whichever process the pool
 * puts it in, and the trace records carry its id across.
 */
export function* job(id: number, delay: number, value: unknown): Blocking<unknown> {
  mark('task.start', `task-${id}`, { id });
  yield* sleep(ms(delay));
  mark('task.end', `task-${id}`, { id });
  return value;
}

/** What the watcher saw of the run. */
export interface PoolWatch {
  readonly listener: TraceListener;
  /** Tasks between `task.start` and `task.end` now. */
  running(): number;
  /** Workers alive now. */
  workers(): number;
  /** Workers ever started. */
  readonly workersStarted: () => number;
  /** How many times task `id` started / ended. */
  starts(id: number): number;
  ends(id: number): number;
  /** Virtual time (ticks) of task `id`'s first start / end, or undefined. */
  startTime(id: number): number | undefined;
  endTime(id: number): number | undefined;
  /** Descriptions of the moments the bounds broke (empty if they never did). */
  readonly problems: string[];
}

/**
 * Watches a run's trace. Workers are either threads whose name starts with `threadPrefix`
 * (alive from `spawn` to `finish`) or, with `processes`, every child process (alive from
 * `process.start` to `process.exit`). `bound` is checked at every record: never more
 * than `bound` tasks running, never more than `bound` workers alive.
 */
export function watchPool(o: {
  readonly bound: number;
  readonly threadPrefix?: string;
  readonly processes?: boolean;
}): PoolWatch {
  let running = 0;
  let workers = 0;
  let started = 0;
  const liveThreads = new Set<number>();
  const liveProcs = new Set<number>();
  const starts = new Map<number, number>();
  const ends = new Map<number, number>();
  const startTimes = new Map<number, number>();
  const endTimes = new Map<number, number>();
  const problems: string[] = [];
  const where = (r: TraceRecord) => `step ${r.step} t=${r.time}`;
  const listener: TraceListener = (r) => {
    switch (r.kind) {
      case 'task.start': {
        const id = r.data?.['id'] as number;
        starts.set(id, (starts.get(id) ?? 0) + 1);
        if (!startTimes.has(id)) startTimes.set(id, r.time);
        running++;
        if (running > o.bound) problems.push(`${where(r)}: ${running} tasks running, bound ${o.bound}`);
        return;
      }
      case 'task.end': {
        const id = r.data?.['id'] as number;
        ends.set(id, (ends.get(id) ?? 0) + 1);
        if (!endTimes.has(id)) endTimes.set(id, r.time);
        running--;
        return;
      }
      case 'spawn': {
        const name = r.data?.['name'];
        if (o.threadPrefix !== undefined && typeof name === 'string' && name.startsWith(o.threadPrefix)) {
          liveThreads.add(r.fiber);
          started++;
          workers++;
        }
        break;
      }
      case 'finish':
        if (liveThreads.delete(r.fiber)) workers--;
        return;
      case 'process.start':
        if (o.processes === true) {
          liveProcs.add(r.data?.['pid'] as number);
          started++;
          workers++;
        }
        break;
      case 'process.exit':
        if (liveProcs.delete(r.data?.['pid'] as number)) workers--;
        return;
      default:
        return;
    }
    if (workers > o.bound) problems.push(`${where(r)}: ${workers} workers alive, bound ${o.bound}`);
  };
  return {
    listener,
    running: () => running,
    workers: () => workers,
    workersStarted: () => started,
    starts: (id) => starts.get(id) ?? 0,
    ends: (id) => ends.get(id) ?? 0,
    startTime: (id) => startTimes.get(id),
    endTime: (id) => endTimes.get(id),
    problems,
  };
}

/**
 * JSON-like values as a Python program would pass them through pickle: None, bools,
 * numbers, strings, lists, dicts (string keys, including awkward ones) and Maps with
 * string or number keys, nested.
 */
export const pyValueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')), tie('value'), {
      maxKeys: 4,
    }),
    fc
      .array(fc.tuple(fc.oneof(fc.string(), fc.integer()), tie('value')), { maxLength: 3 })
      .map((entries) => new Map(entries)),
  ),
})).value;
