/**
 * ThreadPoolExecutor and Future under any schedule: never more than maxWorkers tasks
 * running nor worker threads alive [TPE-2, TPE-3]; every task runs exactly once unless
 * cancelled before it started, and `result()` is the very object the task returned
 * [FUT-1, FUT-2]; done-callbacks run once each, after the result is set, outside the
 * future's lock, in registration order, in the completing (or cancelling) thread, or at
 * once in the adding thread on a finished future; a raising one is logged and the rest
 * still run [FUT-5, FUT-6, FUT-7, FUT-8]; `map` gives results in input order and its
 * timeout counts from the `map()` call [MAP-1, MAP-3, MAP-4, MAP-7]; `shutdown` with
 * `wait` returns after every task, and `cancelFutures` cancels exactly the queued ones
 * [TPE-6, TPE-7].
 */

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Blocking } from '../engine/index.ts';
import { toTicks } from '../engine/index.ts';
import { ValueError } from '../models/errors.ts';
import { CancelledError, TimeoutError } from '../models/futures/errors.ts';
import type { Future, FutureState } from '../models/futures/future.ts';
import { futuresLog } from '../models/futures/log.ts';
import { ThreadPoolExecutor } from '../models/futures/thread-pool.ts';
import { simulate } from '../models/simulate.ts';
import { currentThread, Thread } from '../models/threading/thread.ts';
import { sleep } from '../models/time.ts';
import { delayArb, job, ms, watchPool } from './pool-support.ts';
import { nowTicks, scheduleArb, simOptions } from './support.ts';

const PREFIX = 'pool';

/** The task for thread pools: `job`, noting which thread ran it and when it ended. */
function* tjob(
  id: number,
  delay: number,
  value: unknown,
  ran: Map<number, { thread: string; end: number }>,
): Blocking<unknown> {
  const thread = currentThread().name;
  const r = yield* job(id, delay, value);
  ran.set(id, { thread, end: nowTicks() });
  return r;
}

describe('ThreadPoolExecutor', () => {
  test.prop(
    [
      fc.record({
        maxWorkers: fc.integer({ min: 1, max: 4 }),
        tasks: fc.array(fc.record({ delay: delayArb, gap: fc.integer({ min: 0, max: 2 }), cancel: fc.boolean() }), {
          maxLength: 8,
        }),
      }),
      scheduleArb,
    ],
    { numRuns: 100 },
  )(
    '[TPE-2, TPE-3, FUT-1, FUT-2] bounded workers; each task runs once unless cancelled before it started; result() is what it returned',
    (c, schedule) => {
      const watch = watchPool({ bound: c.maxWorkers, threadPrefix: `${PREFIX}_` });
      const sim = simulate(
        function* () {
          const ran = new Map<number, { thread: string; end: number }>();
          const ex = new ThreadPoolExecutor({ maxWorkers: c.maxWorkers, threadNamePrefix: PREFIX });
          const values = c.tasks.map((_, i) => ({ task: i }));
          const fs: Future<unknown>[] = [];
          for (const [i, t] of c.tasks.entries()) {
            if (t.gap > 0) yield* sleep(ms(t.gap));
            fs.push(yield* ex.submit(tjob, i, t.delay, values[i], ran));
          }
          // Right after the last submit, cancel the drawn subset.
          const before: FutureState[] = [];
          const cancelled: boolean[] = [];
          for (const [i, t] of c.tasks.entries()) {
            const f = fs[i] as Future<unknown>;
            before.push(f.state);
            cancelled.push(t.cancel ? yield* f.cancel() : false);
          }
          const outcomes: unknown[] = [];
          for (const f of fs) {
            try {
              outcomes.push(yield* f.result());
            } catch (e) {
              outcomes.push(e);
            }
          }
          yield* ex.shutdown();
          return {
            before,
            cancelled,
            outcomes,
            values,
            isCancelled: fs.map((f) => f.cancelled()),
            threads: ex.threads.length,
            alive: ex.threads.filter((t) => t.isAlive()).length,
          };
        },
        { ...simOptions(schedule), listeners: [watch.listener] },
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(watch.problems).toEqual([]);
      expect(r.threads).toBeLessThanOrEqual(c.maxWorkers);
      expect(r.alive).toBe(0);
      // Workers start lazily, at most one per submit [TPE-2].
      expect(watch.workersStarted()).toBeLessThanOrEqual(c.tasks.length);
      c.tasks.forEach((t, i) => {
        // [FUT-1] cancel() succeeds exactly on a pending future.
        if (t.cancel) expect(r.cancelled[i], `cancel() of ${i}`).toBe(r.before[i] === 'PENDING');
        expect(r.isCancelled[i]).toBe(r.cancelled[i]);
        if (r.cancelled[i]) {
          expect(watch.starts(i), `cancelled task ${i} ran`).toBe(0);
          expect(r.outcomes[i]).toBeInstanceOf(CancelledError); // [FUT-2]
        } else {
          expect(watch.starts(i), `task ${i} starts`).toBe(1);
          expect(watch.ends(i), `task ${i} ends`).toBe(1);
          expect(r.outcomes[i]).toBe(r.values[i]); // the very object, no copy between threads
        }
      });
    },
  );

  const callbackCaseArb = fc.record({
    maxWorkers: fc.integer({ min: 1, max: 3 }),
    futures: fc.array(
      fc.record({
        delay: delayArb,
        /** Callbacks added right after submit (raise?). */
        before: fc.array(fc.boolean(), { maxLength: 3 }),
        /** Callbacks added later by their own thread: when (ms) and whether they raise. */
        later: fc.array(fc.record({ at: fc.integer({ min: 0, max: 6 }), raise: fc.boolean() }), { maxLength: 2 }),
        /** A thread that cancels the future at this time (ms), or none. */
        cancelAt: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
        /** A thread blocked in result() from this time (ms), or none. */
        waitAt: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  });

  test.prop([callbackCaseArb, scheduleArb], { numRuns: 100 })(
    '[FUT-5, FUT-6, FUT-7, FUT-8] done-callbacks: once each, after completion, outside the lock, in registration order, in the completing or adding thread; raising ones are logged',
    (c, schedule) => {
      interface Run {
        fut: number;
        n: number;
        thread: string;
        done: boolean;
        state: FutureState;
        peek: unknown;
        /** The add call this run happened inside, if any. */
        inAdd: string | null;
      }
      interface Add {
        fut: number;
        n: number;
        thread: string;
        doneAtAdd: boolean;
        raise: boolean;
      }
      const waiterFibers = new Map<number, number>(); // fiber → future
      const blocked = new Set<number>();
      const stranded: string[] = []; // waiters still blocked when their future's first callback ran
      const seenCallback = new Set<string>();
      const labels: string[] = [];
      const sim = simulate(
        function* () {
          const ran = new Map<number, { thread: string; end: number }>();
          const ex = new ThreadPoolExecutor({ maxWorkers: c.maxWorkers, threadNamePrefix: PREFIX });
          const values = c.futures.map((_, i) => ({ fut: i }));
          const runs: Run[] = [];
          const adds: Add[] = [];
          const thrown = new Set<unknown>();
          const counts = c.futures.map(() => 0);
          const cancels: { fut: number; thread: string; ok: boolean }[] = [];
          const waits: { fut: number; outcome: unknown }[] = [];
          let inAdd: string | null = null;
          const fs: Future<unknown>[] = [];

          const add = function* (i: number, raise: boolean) {
            const f = fs[i] as Future<unknown>;
            counts[i] = (counts[i] ?? 0) + 1;
            const n = counts[i] as number;
            const doneAtAdd = f.done();
            adds.push({ fut: i, n, thread: currentThread().name, doneAtAdd, raise });
            inAdd = `${i}.${n}`;
            yield* f.addDoneCallback(function* (g) {
              // g.done() takes the future's lock: it must be free here [FUT-8].
              const done = g.done();
              const during = inAdd;
              let peek: unknown = null;
              // Inside a callback, result() returns at once [FUT-5].
              if (g.state === 'FINISHED') peek = yield* g.result();
              runs.push({ fut: i, n, thread: currentThread().name, done, state: g.state, peek, inAdd: during });
              if (raise) {
                const e = new ValueError(`callback ${i}.${n}`);
                thrown.add(e);
                throw e;
              }
            });
            inAdd = null;
          };

          for (const [i, spec] of c.futures.entries()) {
            const f = yield* ex.submit(tjob, i, spec.delay, values[i], ran);
            fs.push(f);
            labels.push(f.label);
            for (const raise of spec.before) yield* add(i, raise);
          }
          const helpers: Thread[] = [];
          for (const [i, spec] of c.futures.entries()) {
            spec.later.forEach((l, j) => {
              helpers.push(
                new Thread({
                  name: `adder-${i}-${j}`,
                  *target() {
                    yield* sleep(ms(l.at));
                    yield* add(i, l.raise);
                  },
                }),
              );
            });
            if (spec.cancelAt !== null) {
              const at = spec.cancelAt;
              helpers.push(
                new Thread({
                  name: `canceller-${i}`,
                  *target() {
                    yield* sleep(ms(at));
                    const ok = yield* (fs[i] as Future<unknown>).cancel();
                    cancels.push({ fut: i, thread: currentThread().name, ok });
                  },
                }),
              );
            }
            if (spec.waitAt !== null) {
              const at = spec.waitAt;
              const t = new Thread({
                name: `waiter-${i}`,
                *target() {
                  yield* sleep(ms(at));
                  try {
                    waits.push({ fut: i, outcome: yield* (fs[i] as Future<unknown>).result() });
                  } catch (e) {
                    waits.push({ fut: i, outcome: e });
                  }
                },
              });
              helpers.push(t);
            }
          }
          for (const t of helpers) {
            yield* t.start();
            if (t.name.startsWith('waiter-')) waiterFibers.set(t.fiber!.id, Number(t.name.slice(7)));
          }
          for (const t of helpers) yield* t.join();
          yield* ex.shutdown();
          return {
            runs,
            adds,
            cancels,
            waits,
            values,
            ran,
            thrown,
            log: futuresLog().filter((l) => l.level === 'ERROR'),
            states: fs.map((f) => f.state),
          };
        },
        {
          ...simOptions(schedule),
          listeners: [
            (r) => {
              if (r.kind === 'block') blocked.add(r.fiber);
              else if (r.kind === 'wake' || r.kind === 'timeout') blocked.delete(r.fiber);
              else if (r.kind === 'future.callback' && !seenCallback.has(r.obj as string)) {
                seenCallback.add(r.obj as string);
                const fut = labels.indexOf(r.obj as string);
                for (const [fiber, f] of waiterFibers) {
                  if (f === fut && blocked.has(fiber)) stranded.push(`waiter of ${fut} blocked at its first callback`);
                }
              }
            },
          ],
        },
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      // [FUT-8] threads blocked in result() were released before the callbacks ran.
      expect(stranded).toEqual([]);
      const successfulCancel = new Map(r.cancels.filter((x) => x.ok).map((x) => [x.fut, x.thread]));
      for (const [i, spec] of c.futures.entries()) {
        const adds = r.adds.filter((a) => a.fut === i);
        const runs = r.runs.filter((x) => x.fut === i);
        // Once each; those added before completion in registration order, in the completing
        // thread. One added later runs at once in its adding thread, which may interleave
        // with a callback of the completing thread that blocks.
        expect(
          runs.map((x) => x.n).sort((a, b) => a - b),
          `callbacks of ${i}`,
        ).toEqual(adds.map((a) => a.n));
        const early = adds.filter((a) => !a.doneAtAdd).map((a) => a.n);
        expect(
          runs.map((x) => x.n).filter((n) => early.includes(n)),
          `callbacks of ${i} added before completion`,
        ).toEqual(early);
        const cancelled = successfulCancel.has(i);
        expect(r.states[i]).toBe(cancelled ? 'CANCELLED_AND_NOTIFIED' : 'FINISHED');
        if (cancelled) expect(r.ran.has(i), `cancelled task ${i} ran`).toBe(false);
        const completer = cancelled ? successfulCancel.get(i) : r.ran.get(i)?.thread;
        for (const x of runs) {
          const a = adds.find((y) => y.n === x.n)!;
          expect(x.done).toBe(true);
          if (cancelled) expect(x.state).toMatch(/^CANCELLED/);
          else {
            expect(x.state).toBe('FINISHED');
            expect(x.peek).toBe(r.values[i]);
          }
          if (a.doneAtAdd) {
            // [FUT-5] on a finished future: at once, in the adding thread, inside the call.
            expect(x.thread).toBe(a.thread);
            expect(x.inAdd).toBe(`${i}.${x.n}`);
          } else {
            // [FUT-5, FUT-7] in the thread that completed (or cancelled) the future, later.
            expect(x.thread, `callback ${i}.${x.n}`).toBe(completer);
            expect(x.inAdd).not.toBe(`${i}.${x.n}`);
          }
        }
        // A waiter sees the result, or CancelledError.
        for (const w of r.waits.filter((x) => x.fut === i)) {
          if (cancelled) expect(w.outcome).toBeInstanceOf(CancelledError);
          else expect(w.outcome).toBe(r.values[i]);
        }
        expect(r.waits.filter((x) => x.fut === i).length).toBe(spec.waitAt === null ? 0 : 1);
      }
      // [FUT-6] every raising callback was logged, with its exception, and the rest still ran.
      const raising = r.adds.filter((a) => a.raise).length;
      expect(r.log.length).toBe(raising);
      expect(new Set(r.log.map((l) => l.error))).toEqual(r.thrown);
      for (const l of r.log) expect(l.message).toMatch(/^exception calling callback for <Future at Future-\d+ state=/);
    },
  );

  const mapCaseArb = fc.record({
    maxWorkers: fc.integer({ min: 1, max: 3 }),
    items: fc.array(fc.record({ delay: fc.integer({ min: 0, max: 4 }), x: fc.integer({ min: -50, max: 50 }) }), {
      maxLength: 6,
    }),
    /** The timeout in half milliseconds, or none. */
    timeout: fc.option(fc.integer({ min: 0, max: 16 }), { nil: null }),
    /** Pauses (ms) of the consumer before each next(). */
    pauses: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
  });

  test.prop([mapCaseArb, scheduleArb], { numRuns: 100 })(
    '[MAP-1, MAP-3, MAP-4, MAP-7] map: results in input order; TimeoutError exactly at the deadline counted from map(); then the rest are cancelled',
    (c, schedule) => {
      const watch = watchPool({ bound: c.maxWorkers, threadPrefix: `${PREFIX}_` });
      const sim = simulate(
        function* () {
          const ran = new Map<number, { thread: string; end: number }>();
          const ex = new ThreadPoolExecutor({ maxWorkers: c.maxWorkers, threadNamePrefix: PREFIX });
          const t0 = nowTicks();
          const it = yield* ex.map(
            (i: number) => tjob(i, c.items[i]!.delay, c.items[i]!.x * 3, ran),
            c.items.map((_, i) => i),
            c.timeout === null ? {} : { timeout: c.timeout / 2000 },
          );
          const got: { i: number; call: number; at: number; value?: unknown; error?: unknown }[] = [];
          for (let i = 0; ; i++) {
            yield* sleep(ms(c.pauses[i % c.pauses.length]!));
            const call = nowTicks();
            try {
              const n = yield* it.next();
              if (n.done === true) break;
              got.push({ i, call, at: nowTicks(), value: n.value });
            } catch (e) {
              got.push({ i, call, at: nowTicks(), error: e });
            }
          }
          const after = yield* it.next(); // exhausted once it has raised [MAP-7]
          yield* ex.shutdown();
          return { t0, got, ran, after };
        },
        { ...simOptions(schedule), listeners: [watch.listener] },
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(watch.problems).toEqual([]);
      expect(r.after.done).toBe(true);
      const deadline = c.timeout === null ? Infinity : r.t0 + toTicks(c.timeout / 2000);
      const errorAt = r.got.findIndex((g) => g.error !== undefined);
      if (errorAt < 0) expect(r.got.length).toBe(c.items.length);
      else expect(r.got.length).toBe(errorAt + 1);
      for (const g of r.got) {
        const end = r.ran.get(g.i)?.end ?? Infinity;
        if (g.error === undefined) {
          // [MAP-1] in input order, each as soon as it is ready; never after the deadline unless ready at the call.
          expect(g.value).toBe(c.items[g.i]!.x * 3);
          expect(g.at, `item ${g.i} returned at`).toBe(Math.max(g.call, end));
          expect(end <= g.call || end <= deadline, `item ${g.i} ended ${end} after the deadline ${deadline}`).toBe(
            true,
          );
        } else {
          // [MAP-3, MAP-4] TimeoutError at the deadline counted from map(), or at once if it has passed.
          expect(g.error).toBeInstanceOf(TimeoutError);
          expect(g.at, `item ${g.i} timed out at`).toBe(Math.max(g.call, deadline));
          expect(end >= g.at, `item ${g.i} had ended at ${end}, before its timeout at ${g.at}`).toBe(true);
        }
      }
      // [MAP-7] after the timeout, every task not yet started was cancelled and never runs; the others run once.
      for (let i = 0; i < c.items.length; i++) {
        expect(watch.starts(i), `task ${i}`).toBeLessThanOrEqual(1);
        if (errorAt < 0 || i < errorAt) expect(watch.starts(i), `task ${i}`).toBe(1);
      }
      if (errorAt >= 0) {
        const at = r.got[errorAt]!.at;
        for (let i = errorAt; i < c.items.length; i++) {
          const start = watch.startTime(i);
          // Pending at the timeout: cancelled, never starts. Started before it: runs to the end.
          if (start !== undefined)
            expect(start <= at, `task ${i} started at ${start}, after the timeout at ${at}`).toBe(true);
        }
      }
    },
  );

  test.prop(
    [
      fc.record({
        maxWorkers: fc.integer({ min: 1, max: 3 }),
        tasks: fc.array(fc.record({ delay: delayArb, gap: fc.integer({ min: 0, max: 1 }) }), { maxLength: 7 }),
        shutdownAt: fc.integer({ min: 0, max: 5 }),
        wait: fc.boolean(),
        cancelFutures: fc.boolean(),
      }),
      scheduleArb,
    ],
    { numRuns: 100 },
  )(
    '[TPE-6, TPE-7] shutdown(wait) returns after every task has ended; cancelFutures cancels only futures not started',
    (c, schedule) => {
      const watch = watchPool({ bound: c.maxWorkers, threadPrefix: `${PREFIX}_` });
      const sim = simulate(
        function* () {
          const ran = new Map<number, { thread: string; end: number }>();
          const ex = new ThreadPoolExecutor({ maxWorkers: c.maxWorkers, threadNamePrefix: PREFIX });
          const fs: Future<unknown>[] = [];
          for (const [i, t] of c.tasks.entries()) {
            if (t.gap > 0) yield* sleep(ms(t.gap));
            fs.push(yield* ex.submit(tjob, i, t.delay, i, ran));
          }
          yield* sleep(ms(c.shutdownAt));
          const before = fs.map((f) => f.state);
          const t0 = nowTicks();
          yield* ex.shutdown({ wait: c.wait, cancelFutures: c.cancelFutures });
          const t1 = nowTicks();
          const atReturn = {
            done: fs.map((f) => f.done()),
            ended: c.tasks.map((_, i) => watch.ends(i)),
            alive: ex.threads.filter((t) => t.isAlive()).length,
          };
          const outcomes: unknown[] = [];
          for (const f of fs) {
            try {
              outcomes.push(yield* f.result());
            } catch (e) {
              outcomes.push(e);
            }
          }
          return { before, t0, t1, atReturn, outcomes, cancelled: fs.map((f) => f.cancelled()) };
        },
        { ...simOptions(schedule), listeners: [watch.listener] },
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(watch.problems).toEqual([]);
      c.tasks.forEach((_, i) => {
        // [TPE-7] cancelled only if still queued at the call (a worker may take it while
        // shutdown waits for _shutdown_lock); [TPE-6] without it, every task runs.
        if (r.cancelled[i]) expect(c.cancelFutures && r.before[i] === 'PENDING', `future ${i}`).toBe(true);
        if (r.cancelled[i]) {
          expect(watch.starts(i)).toBe(0);
          expect(r.outcomes[i]).toBeInstanceOf(CancelledError);
        } else {
          expect(watch.starts(i)).toBe(1);
          expect(watch.ends(i)).toBe(1);
          expect(r.outcomes[i]).toBe(i);
        }
        if (c.wait) {
          expect(r.atReturn.done[i]).toBe(true);
          expect(r.atReturn.ended[i]).toBe(r.cancelled[i] ? 0 : 1);
        }
      });
      if (c.wait) expect(r.atReturn.alive).toBe(0);
      else expect(r.t1).toBe(r.t0); // returns at once
    },
  );
});
