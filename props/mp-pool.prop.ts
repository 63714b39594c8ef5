/**
 * multiprocessing.Pool under any schedule, with fork or spawn workers and an optional
 * `maxtasksperchild`: never more than `processes` tasks running nor worker processes
 * alive; every task of `applyAsync`, `map`, `starmap`, `imap` and `imapUnordered` runs
 * exactly once, `map`/`starmap`/`imap` keep input order and `imapUnordered` gives each
 * result once [MPP-6, MPP-8]; callbacks run once each, one at a time, in the result
 * handler thread, before the result is ready, and error callbacks get what the task
 * raised, rebuilt with its remote traceback [MPP-2, MPP-3, MPP-4, MPP-7, MPP-9];
 * `close()` + `join()` returns only after every task and callback, and later submits
 * raise [MPP-11, MPP-12]; results cross by pickle: equal, distinct objects.
 */

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Blocking, Op } from '../engine/index.ts';
import { ValueError } from '../models/errors.ts';
import { RemoteTraceback } from '../models/multiprocessing/errors.ts';
import { type ApplyResult, Pool } from '../models/multiprocessing/pool.ts';
import { setStartMethod } from '../models/multiprocessing/start-method.ts';
import { simulate } from '../models/simulate.ts';
import { describeError } from '../models/testing.ts';
import { currentThread } from '../models/threading/thread.ts';
import { sleep } from '../models/time.ts';
import { delayArb, echo, job, methodArb, ms, pyValueArb, received, returned, watchPool } from './pool-support.ts';
import { nowTicks, scheduleArb, simOptions } from './support.ts';

/** `map`'s function: one argument, `[id, delay]`; returns `id * 10`. */
function* mjob([id, delay]: readonly [number, number]): Blocking<unknown> {
  return yield* job(id, delay, id * 10);
}

/** Like `job`, but raises ValueError instead of returning when `fail` is set. */
function* fjob(id: number, delay: number, fail: boolean): Blocking<number> {
  yield* job(id, delay, null);
  if (fail) throw new ValueError(`task ${id} failed`);
  return id * 10;
}

/** `map`'s function that fails for some items: `[id, delay, fail]`. */
function* mfjob([id, delay, fail]: readonly [number, number, boolean]): Blocking<number> {
  return yield* fjob(id, delay, fail);
}

function echoItem([id, v]: readonly [number, unknown]): { value: unknown; again: unknown } {
  return echo(id, v);
}

type Batch =
  | { readonly kind: 'apply'; readonly delay: number }
  | {
      readonly kind: 'map' | 'starmap' | 'imap' | 'imapUnordered';
      readonly delays: readonly number[];
      readonly chunksize: number | null;
    };

const batchArb: fc.Arbitrary<Batch> = fc.oneof(
  fc.record({ kind: fc.constant('apply' as const), delay: delayArb }),
  fc.record({
    kind: fc.constantFrom('map' as const, 'starmap' as const, 'imap' as const, 'imapUnordered' as const),
    delays: fc.array(delayArb, { maxLength: 5 }),
    chunksize: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  }),
);

describe('multiprocessing.Pool', () => {
  test.prop(
    [
      fc.record({
        processes: fc.integer({ min: 1, max: 3 }),
        method: methodArb,
        maxtasksperchild: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
        batches: fc.array(batchArb, { maxLength: 4 }),
      }),
      scheduleArb,
    ],
    { numRuns: 100 },
  )(
    '[MPP-6, MPP-8, MPP-12] bounded tasks and workers; every task runs once; map, starmap and imap in order, imapUnordered each once',
    (c, schedule) => {
      const watch = watchPool({ bound: c.processes, processes: true });
      // Task ids, batch by batch.
      let next = 0;
      const ids = c.batches.map((b) => (b.kind === 'apply' ? [next++] : b.delays.map(() => next++)));
      const sim = simulate(
        function* () {
          setStartMethod(c.method);
          const pool = new Pool(c.processes, { maxtasksperchild: c.maxtasksperchild });
          const pending: (() => Op<unknown>)[] = [];
          for (const [bi, b] of c.batches.entries()) {
            const bids = ids[bi] as number[];
            if (b.kind === 'apply') {
              const r = pool.applyAsync(job, [bids[0], b.delay, { id: bids[0] }]);
              pending.push(() => r.get());
            } else if (b.kind === 'map') {
              const r = pool.mapAsync(
                mjob,
                bids.map((id, i) => [id, b.delays[i]]),
                b.chunksize === null ? {} : { chunksize: b.chunksize },
              );
              pending.push(() => r.get());
            } else if (b.kind === 'starmap') {
              const r = pool.starmapAsync(
                job,
                bids.map((id, i) => [id, b.delays[i], id * 10]),
                b.chunksize === null ? {} : { chunksize: b.chunksize },
              );
              pending.push(() => r.get());
            } else {
              const args = bids.map((id, i) => [id, b.delays[i]] as const);
              const it =
                b.kind === 'imap'
                  ? pool.imap(mjob, args, b.chunksize ?? 1)
                  : pool.imapUnordered(mjob, args, b.chunksize ?? 1);
              pending.push(() => it.results());
            }
          }
          const results: unknown[] = [];
          for (const p of pending) results.push(yield* p());
          pool.close();
          yield* pool.join();
          return { results, alive: watch.workers() };
        },
        { ...simOptions(schedule), cores: 4, listeners: [watch.listener] },
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(watch.problems).toEqual([]);
      expect(r.alive).toBe(0); // join() waited for every worker
      for (let id = 0; id < next; id++) {
        expect(watch.starts(id), `task ${id} starts`).toBe(1);
        expect(watch.ends(id), `task ${id} ends`).toBe(1);
      }
      c.batches.forEach((b, bi) => {
        const bids = ids[bi] as number[];
        const got = r.results[bi];
        if (b.kind === 'apply') expect(got).toEqual({ id: bids[0] });
        else if (b.kind === 'imapUnordered') {
          // [MPP-8] completion order: each result once.
          expect([...(got as number[])].sort((x, y) => x - y)).toEqual(bids.map((id) => id * 10));
        } else {
          // [MPP-6, MPP-8] input order.
          expect(got, `${b.kind} batch ${bi}`).toEqual(bids.map((id) => id * 10));
        }
      });
    },
  );

  const callbackCaseArb = fc.record({
    processes: fc.integer({ min: 1, max: 3 }),
    method: methodArb,
    tasks: fc.array(
      fc.record({
        delay: delayArb,
        fail: fc.boolean(),
        /** How long (ms) its callback blocks: callbacks may block, and delay the others [MPP-9]. */
        callbackMs: fc.integer({ min: 0, max: 2 }),
      }),
      { maxLength: 6 },
    ),
    /** A mapAsync over failing and succeeding items, with callbacks, or none. */
    map: fc.option(
      fc.record({
        items: fc.array(fc.tuple(delayArb, fc.boolean()), { minLength: 1, maxLength: 5 }),
        chunksize: fc.integer({ min: 1, max: 2 }),
      }),
      { nil: null },
    ),
  });

  test.prop([callbackCaseArb, scheduleArb], { numRuns: 100 })(
    '[MPP-2, MPP-3, MPP-4, MPP-7, MPP-9] callbacks once each, one at a time, in the result handler, before ready; errors with their remote traceback',
    (c, schedule) => {
      const watch = watchPool({ bound: c.processes, processes: true });
      const sim = simulate(
        function* () {
          setStartMethod(c.method);
          const pool = new Pool(c.processes);
          interface Call {
            task: number;
            kind: 'callback' | 'error';
            thread: string;
            readyInside: boolean;
            arg: unknown;
            end: number;
          }
          const calls: Call[] = [];
          let inside = 0;
          let overlap = 0;
          const rs: ApplyResult<number>[] = [];
          const mkCallbacks = (task: number, cbMs: number, result: () => { ready(): boolean } | undefined) => {
            const body = (kind: Call['kind']) =>
              function* (arg: unknown): Blocking {
                inside++;
                if (inside > 1) overlap++;
                const readyInside = result()?.ready() ?? false;
                if (cbMs > 0) yield* sleep(ms(cbMs));
                calls.push({ task, kind, thread: currentThread().name, readyInside, arg, end: nowTicks() });
                inside--;
              };
            return { callback: body('callback'), errorCallback: body('error') };
          };
          for (const [i, t] of c.tasks.entries()) {
            const r: ApplyResult<number> = pool.applyAsync(
              fjob,
              [i, t.delay, t.fail],
              mkCallbacks(i, t.callbackMs, () => rs[i]),
            );
            rs.push(r);
          }
          const mapId = c.tasks.length;
          let mapResult: ApplyResult<number[]> | null = null;
          if (c.map !== null) {
            mapResult = pool.mapAsync(
              mfjob,
              c.map.items.map(([d, fail], j) => [100 + j, d, fail]),
              {
                chunksize: c.map.chunksize,
                ...mkCallbacks(mapId, 0, () => mapResult ?? undefined),
              },
            );
          }
          const outcomes: { value?: unknown; error?: unknown; at: number; successful: boolean }[] = [];
          for (const r of [...rs, ...(mapResult === null ? [] : [mapResult])]) {
            try {
              const value = yield* r.get();
              outcomes.push({ value, at: nowTicks(), successful: r.successful() });
            } catch (e) {
              outcomes.push({ error: e, at: nowTicks(), successful: r.successful() });
            }
          }
          const handler = pool.resultHandler.name;
          yield* pool.terminate();
          return { calls, overlap, outcomes, handler };
        },
        { ...simOptions(schedule), cores: 4, listeners: [watch.listener] },
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(watch.problems).toEqual([]);
      expect(r.handler).toMatch(/^Thread-\d+ \(_handle_results\)$/);
      // [MPP-9] one at a time, on the one result handler thread [MPP-2].
      expect(r.overlap).toBe(0);
      for (const call of r.calls) {
        expect(call.thread).toBe(r.handler);
        expect(call.readyInside, `task ${call.task}'s ${call.kind} saw ready()`).toBe(false); // [MPP-3]
      }
      c.tasks.forEach((t, i) => {
        const calls = r.calls.filter((x) => x.task === i);
        const o = r.outcomes[i]!;
        expect(calls.length, `callbacks of task ${i}`).toBe(1);
        const call = calls[0]!;
        // [MPP-3] get() returns only after the callback has returned.
        expect(o.at).toBeGreaterThanOrEqual(call.end);
        expect(watch.starts(i)).toBe(1);
        if (t.fail) {
          // [MPP-4] error_callback, not callback; get() raises it, with a RemoteTraceback cause.
          expect(call.kind).toBe('error');
          expect(o.error).toBe(call.arg);
          expect(o.error).toBeInstanceOf(ValueError);
          expect(describeError(o.error)).toBe(`ValueError: task ${i} failed`);
          expect((o.error as { cause?: unknown }).cause).toBeInstanceOf(RemoteTraceback);
          expect(o.successful).toBe(false);
        } else {
          expect(call.kind).toBe('callback');
          expect(call.arg).toBe(i * 10);
          expect(o.value).toBe(i * 10);
          expect(o.successful).toBe(true);
        }
      });
      if (c.map !== null) {
        const calls = r.calls.filter((x) => x.task === c.tasks.length);
        const o = r.outcomes[c.tasks.length]!;
        expect(calls.length, 'callbacks of the map').toBe(1);
        const failing = c.map.items.flatMap(([, fail], j) => (fail ? [`ValueError: task ${100 + j} failed`] : []));
        // Ready only once every chunk is done [MPP-7]. A chunk is `list(map(f, chunk))`: it stops
        // at its first failing item, and the items after it never run.
        const size = c.map.chunksize;
        c.map.items.forEach((_, j) => {
          const chunkStart = j - (j % size);
          const failedBefore = c.map!.items.slice(chunkStart, j).some(([, fail]) => fail);
          expect(watch.starts(100 + j), `map item ${j}`).toBe(failedBefore ? 0 : 1);
          if (!failedBefore) expect(watch.endTime(100 + j)!).toBeLessThanOrEqual(o.at);
        });
        if (failing.length === 0) {
          expect(calls[0]!.kind).toBe('callback');
          expect(o.value).toEqual(c.map.items.map((_, j) => (100 + j) * 10));
        } else {
          // [MPP-7] one of the failures (the first to arrive), to error_callback once and get().
          expect(calls[0]!.kind).toBe('error');
          expect(o.error).toBe(calls[0]!.arg);
          expect(failing).toContain(describeError(o.error));
        }
      }
    },
  );

  test.prop(
    [
      fc.record({
        processes: fc.integer({ min: 1, max: 2 }),
        method: methodArb,
        tasks: fc.array(fc.record({ delay: delayArb, callbackMs: fc.integer({ min: 0, max: 2 }) }), { maxLength: 6 }),
        closeAt: fc.integer({ min: 0, max: 4 }),
      }),
      scheduleArb,
    ],
    { numRuns: 100 },
  )(
    '[MPP-11, MPP-12] close() + join() returns only after every task and its callback; submits after close raise',
    (c, schedule) => {
      const watch = watchPool({ bound: c.processes, processes: true });
      const sim = simulate(
        function* () {
          setStartMethod(c.method);
          const pool = new Pool(c.processes);
          const callbacks: number[] = [];
          for (const [i, t] of c.tasks.entries()) {
            pool.applyAsync(job, [i, t.delay, i], {
              *callback(v: unknown) {
                if (t.callbackMs > 0) yield* sleep(ms(t.callbackMs));
                callbacks.push(v as number);
              },
            });
          }
          yield* sleep(ms(c.closeAt));
          pool.close();
          let late: unknown = null;
          try {
            pool.applyAsync(job, [99, 0, 99]);
          } catch (e) {
            late = e;
          }
          yield* pool.join();
          return {
            callbacks: [...callbacks],
            ended: c.tasks.map((_, i) => watch.ends(i)),
            alive: watch.workers(),
            running: watch.running(),
            late,
          };
        },
        { ...simOptions(schedule), cores: 4, listeners: [watch.listener] },
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(watch.problems).toEqual([]);
      expect(describeError(r.late)).toBe('ValueError: Pool not running');
      // At join()'s return: every task ended once, every callback ran once, no worker left.
      expect(r.ended).toEqual(c.tasks.map(() => 1));
      expect([...r.callbacks].sort((a, b) => a - b)).toEqual(c.tasks.map((_, i) => i));
      expect(r.running).toBe(0);
      expect(r.alive).toBe(0);
    },
  );

  test.prop(
    [
      fc.record({
        processes: fc.integer({ min: 1, max: 2 }),
        method: methodArb,
        values: fc.array(pyValueArb, { minLength: 1, maxLength: 4 }),
        viaMap: fc.boolean(),
      }),
      scheduleArb,
    ],
    { numRuns: 100 },
  )(
    'results cross by pickle both ways: equal to what the task returned, distinct objects, aliasing kept',
    (c, schedule) => {
      received.clear();
      returned.clear();
      const sim = simulate(
        function* () {
          setStartMethod(c.method);
          const pool = new Pool(c.processes);
          let results: unknown[];
          if (c.viaMap)
            results = yield* pool.map(
              echoItem,
              c.values.map((v, i) => [i, v]),
            );
          else {
            results = [];
            for (const [i, v] of c.values.entries()) results.push(yield* pool.apply(echo, [i, v]));
          }
          yield* pool.terminate();
          return results as { value: unknown; again: unknown }[];
        },
        { ...simOptions(schedule), cores: 4 },
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const results = sim.result!;
      c.values.forEach((v, i) => {
        const got = results[i]!;
        expect(got).toEqual({ value: v, again: v });
        expect(received.get(i)).toEqual(v);
        expect(got).not.toBe(returned.get(i));
        if (v !== null && typeof v === 'object') {
          expect(received.get(i)).not.toBe(v);
          expect(got.value).not.toBe(v);
          expect(got.again).toBe(got.value);
        }
      });
    },
  );
});
