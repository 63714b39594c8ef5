/**
 * queue.Queue with producers and consumers under any schedule: nothing is lost or
 * duplicated, items come out in put order per producer (and overall with one producer)
 * [QUE-1, QUE-7]; a bounded queue never holds more than maxsize [QUE-3, QUE-6]; `join`
 * returns only once `taskDone` has been called for every item put so far [QUE-5].
 */

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Blocking, TraceRecord } from '../engine/index.ts';
import { Empty, Full, Queue } from '../models/queue.ts';
import { simulate } from '../models/simulate.ts';
import { Thread } from '../models/threading/thread.ts';
import { sleep } from '../models/time.ts';
import { type Schedule, scheduleArb, simOptions } from './support.ts';

const ms = (n: number) => n / 1000;

const caseArb = fc.record({
  maxsize: fc.integer({ min: 0, max: 3 }),
  /** Items each producer puts. */
  producers: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
  consumers: fc.integer({ min: 1, max: 3 }),
  /** Pauses (ms) producers take between puts and consumers take before task_done. */
  pauses: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 6 }),
  /** A timeout (ms) on every get and put, retried on Empty/Full; or none (never 0: a retried poll spins in zero virtual time). */
  timeoutMs: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
  /** Start times (ms) of threads that call join() while the work goes on. */
  joiners: fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 3 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
type Item = readonly [producer: number, seq: number] | null;

function runQueue(c: Case, schedule: Schedule) {
  const trace: TraceRecord[] = [];
  const sim = simulate(
    function* () {
      const q = new Queue<Item>(c.maxsize);
      const timeout = c.timeoutMs === null ? null : ms(c.timeoutMs);
      const pause = (i: number) => ms(c.pauses[i % c.pauses.length] as number);
      let puts = 0;
      let done = 0;
      const got: Item[] = []; // every get, in the order items left the queue
      const joins: { puts: number; done: number; unfinished: number }[] = [];

      function* put(item: Item): Blocking {
        for (;;) {
          try {
            yield* q.put(item, true, timeout);
            puts++;
            return;
          } catch (e) {
            if (!(e instanceof Full)) throw e;
          }
        }
      }
      function* get(): Blocking<Item> {
        for (;;) {
          try {
            return yield* q.get(true, timeout);
          } catch (e) {
            if (!(e instanceof Empty)) throw e;
          }
        }
      }
      function* join(): Blocking {
        yield* q.join();
        joins.push({ puts, done, unfinished: q.unfinishedTasks });
      }

      const producers = c.producers.map(
        (n, p) =>
          new Thread({
            name: `producer-${p}`,
            *target() {
              for (let i = 0; i < n; i++) {
                yield* put([p, i]);
                yield* sleep(pause(p + i));
              }
            },
          }),
      );
      const consumers = Array.from(
        { length: c.consumers },
        (_, k) =>
          new Thread({
            name: `consumer-${k}`,
            *target() {
              for (let i = 0; ; i++) {
                const item = yield* get();
                got.push(item);
                if (item !== null) yield* sleep(pause(k + i + 1));
                q.taskDone();
                done++;
                if (item === null) return;
              }
            },
          }),
      );
      const joiners = c.joiners.map(
        (start, j) =>
          new Thread({
            name: `joiner-${j}`,
            *target() {
              yield* sleep(ms(start));
              yield* join();
            },
          }),
      );
      for (const t of [...producers, ...consumers, ...joiners]) yield* t.start();
      for (const t of producers) yield* t.join();
      yield* join(); // every item put so far is done
      for (let k = 0; k < c.consumers; k++) yield* put(null);
      for (const t of [...consumers, ...joiners]) yield* t.join();
      yield* join();
      return { got, joins, puts, done };
    },
    { ...simOptions(schedule), listeners: [(r) => void trace.push(r)] },
  );
  return { sim, trace };
}

describe('queue.Queue', () => {
  test.prop([caseArb, scheduleArb], { numRuns: 150 })(
    '[QUE-1, QUE-7] producers/consumers: nothing lost or duplicated, FIFO per producer (and overall for one)',
    (c, schedule) => {
      const { sim } = runQueue(c, schedule);
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const got = sim.result!.got;
      const items = got.filter((x) => x !== null);
      expect(got.length - items.length).toBe(c.consumers); // one sentinel each
      const expected = c.producers.flatMap((n, p) => Array.from({ length: n }, (_, i) => `${p}:${i}`));
      expect(items.map(([p, i]) => `${p}:${i}`).sort()).toEqual(expected.sort());
      c.producers.forEach((n, p) => {
        const seqs = items.filter(([q]) => q === p).map(([, i]) => i);
        expect(seqs, `producer-${p}`).toEqual(Array.from({ length: n }, (_, i) => i));
      });
      if (c.producers.length === 1) expect(items.map(([, i]) => i)).toEqual(expected.map((_, i) => i));
      // The sentinels are put after every item: they come out last.
      expect(got.slice(items.length).every((x) => x === null)).toBe(true);
    },
  );

  test.prop([caseArb.filter((c) => c.maxsize > 0), scheduleArb], { numRuns: 150 })(
    '[QUE-3, QUE-6] a bounded queue never holds more than maxsize items',
    (c, schedule) => {
      const { sim, trace } = runQueue(c, schedule);
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const sizes = trace.filter((r) => r.kind === 'queue.put').map((r) => r.data?.['size'] as number);
      expect(sizes.length).toBe(sim.result!.puts);
      expect(Math.max(0, ...sizes)).toBeLessThanOrEqual(c.maxsize);
    },
  );

  test.prop([caseArb, scheduleArb], { numRuns: 150 })(
    '[QUE-5] join() returns only after task_done() for every item put so far',
    (c, schedule) => {
      const { sim } = runQueue(c, schedule);
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(r.joins.length).toBe(c.joiners.length + 2);
      for (const j of r.joins) {
        expect(j.unfinished).toBe(0);
        expect(j.done).toBe(j.puts);
      }
      expect(r.done).toBe(r.puts);
      expect(r.puts).toBe(c.producers.reduce((a, b) => a + b, 0) + c.consumers);
    },
  );
});
