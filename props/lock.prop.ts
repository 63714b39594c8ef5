/**
 * Lock and RLock keep mutual exclusion under any schedule, with a scheduling point inside
 * the critical section; a timed acquire gives up exactly at its deadline [LCK-4]; an
 * RLock is re-entrant and owned [RLK-1, RLK-2]; Condition.notify wakes waiters in the
 * order they called wait [CND-3, CND-4].
 */

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Blocking } from '../engine/index.ts';
import { preempt, toTicks } from '../engine/index.ts';
import { simulate } from '../models/simulate.ts';
import { describeError, raisesNow } from '../models/testing.ts';
import { Condition } from '../models/threading/condition.ts';
import { Lock } from '../models/threading/lock.ts';
import { RLock } from '../models/threading/rlock.ts';
import { Thread } from '../models/threading/thread.ts';
import { sleep } from '../models/time.ts';
import { nowTicks, scheduleArb, simOptions } from './support.ts';

/** The scheduling point a thread takes inside its critical section. */
type Point = 'preempt' | 'sleep0' | 'sleep';
const pointArb = fc.constantFrom<Point>('preempt', 'sleep0', 'sleep');

function* point(p: Point): Blocking {
  if (p === 'preempt') yield* preempt();
  else yield* sleep(p === 'sleep0' ? 0 : 0.001);
}

describe('Lock', () => {
  test.prop(
    [
      fc.record({
        kind: fc.constantFrom('Lock', 'RLock'),
        threads: fc.integer({ min: 2, max: 5 }),
        rounds: fc.integer({ min: 1, max: 4 }),
        points: fc.array(pointArb, { minLength: 1, maxLength: 4 }),
        // A timeout in milliseconds, or none: timed acquires may give up [LCK-4].
        timeoutMs: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      }),
      scheduleArb,
    ],
    { numRuns: 200 },
  )(
    '[LCK-3, LCK-4] mutual exclusion: never two inside; no lost update; a timed acquire fails exactly at its deadline',
    (c, schedule) => {
      const sim = simulate(function* () {
        const lock = c.kind === 'Lock' ? new Lock() : new RLock();
        let inside = 0;
        let maxInside = 0;
        let counter = 0;
        let entries = 0;
        const lateFailures: string[] = [];
        const threads = Array.from(
          { length: c.threads },
          (_, t) =>
            new Thread({
              name: `t${t}`,
              *target() {
                for (let r = 0; r < c.rounds; r++) {
                  const p = c.points[(t + r) % c.points.length] as Point;
                  const start = nowTicks();
                  const timeout = c.timeoutMs === null ? -1 : c.timeoutMs / 1000;
                  const ok = yield* lock.acquire(true, timeout);
                  if (!ok) {
                    const waited = nowTicks() - start;
                    if (c.timeoutMs === null || waited !== toTicks(timeout)) {
                      lateFailures.push(`t${t} gave up after ${waited} ticks (timeout ${timeout}s)`);
                    }
                    continue;
                  }
                  entries++;
                  inside++;
                  maxInside = Math.max(maxInside, inside);
                  const read = counter;
                  yield* point(p);
                  counter = read + 1;
                  inside--;
                  lock.release();
                  yield* point(p);
                }
              },
            }),
        );
        for (const t of threads) yield* t.start();
        for (const t of threads) yield* t.join();
        return { maxInside, counter, entries, lateFailures, locked: c.kind === 'Lock' && (lock as Lock).locked() };
      }, simOptions(schedule));
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(r.maxInside).toBe(1);
      expect(r.counter).toBe(r.entries);
      if (c.timeoutMs === null) expect(r.entries).toBe(c.threads * c.rounds);
      expect(r.lateFailures).toEqual([]);
      expect(r.locked).toBe(false);
    },
  );

  test.prop(
    [
      fc.record({
        threads: fc.integer({ min: 1, max: 4 }),
        depths: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
        points: fc.array(pointArb, { minLength: 1, maxLength: 4 }),
        probes: fc.integer({ min: 0, max: 6 }),
      }),
      scheduleArb,
    ],
    { numRuns: 200 },
  )(
    '[RLK-1, RLK-2] RLock: N acquires need N releases; others stay out until the last; one more raises',
    (c, schedule) => {
      const sim = simulate(function* () {
        const rl = new RLock();
        let holder: string | null = null;
        const problems: string[] = [];
        let sections = 0;
        const workers = Array.from(
          { length: c.threads },
          (_, t) =>
            new Thread({
              name: `w${t}`,
              *target() {
                const me = `w${t}`;
                const depth = c.depths[t % c.depths.length] as number;
                const p = c.points[t % c.points.length] as Point;
                for (let j = 0; j < depth; j++) {
                  yield* rl.acquire();
                  if (j === 0) {
                    if (holder !== null) problems.push(`${me} acquired while ${holder} held it`);
                    holder = me;
                  } else if (holder !== me) {
                    problems.push(`${me} re-acquired at depth ${j + 1} but ${holder} holds it`);
                  }
                  yield* point(p);
                }
                sections++;
                for (let j = 0; j < depth; j++) {
                  if (j === depth - 1) holder = null;
                  rl.release();
                  yield* point(p); // still held (at a lower depth) until the last release
                }
                const extra = describeError(raisesNow(() => rl.release()));
                if (extra !== 'RuntimeError: cannot release un-acquired lock') problems.push(`${me}: ${extra}`);
              },
            }),
        );
        const probe = new Thread({
          name: 'probe',
          *target() {
            for (let i = 0; i < c.probes; i++) {
              const got = yield* rl.acquire(false);
              if (got) {
                if (holder !== null) problems.push(`probe acquired while ${holder} held it`);
                rl.release();
              }
              yield* sleep(0);
            }
          },
        });
        for (const t of [...workers, probe]) yield* t.start();
        for (const t of [...workers, probe]) yield* t.join();
        return { problems, sections };
      }, simOptions(schedule));
      expect(sim.verdict).toEqual({ kind: 'ok' });
      expect(sim.result!.problems).toEqual([]);
      expect(sim.result!.sections).toBe(c.threads);
    },
  );
});

describe('Condition', () => {
  test.prop(
    [
      fc.record({
        lock: fc.constantFrom('Lock', 'RLock'),
        starts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }),
        batches: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 }),
      }),
      scheduleArb,
    ],
    { numRuns: 200 },
  )('[CND-3, CND-4] notify(n) wakes the n longest waiting, in the order they called wait', (c, schedule) => {
    const sim = simulate(function* () {
      const cond = new Condition({ lock: c.lock === 'Lock' ? new Lock() : new RLock() });
      const waitOrder: number[] = [];
      const woken: number[] = [];
      const w = c.starts.length;
      const waiters = c.starts.map(
        (start, i) =>
          new Thread({
            name: `waiter-${i}`,
            *target() {
              yield* sleep(start * 0.001);
              yield* cond.acquire();
              waitOrder.push(i);
              const ok = yield* cond.wait();
              woken.push(i);
              cond.release();
              if (!ok) throw new Error(`waiter-${i}: wait() without a timeout returned false`);
            },
          }),
      );
      for (const t of waiters) yield* t.start();
      // Wait until every waiter is inside wait().
      for (;;) {
        yield* cond.acquire();
        const all = cond.waiting === w;
        cond.release();
        if (all) break;
        yield* sleep(0.001);
      }
      const batches: { notified: number[]; woke: number[] }[] = [];
      let done = 0;
      for (let b = 0; done < w; b++) {
        const n = c.batches[b % c.batches.length] as number;
        yield* cond.acquire();
        cond.notify(n);
        cond.release();
        const expected = Math.min(w, done + n);
        while (woken.length < expected) yield* sleep(0.001);
        yield* sleep(0.001); // a wrongly woken extra waiter would show up now
        batches.push({ notified: waitOrder.slice(done, expected), woke: woken.slice(done) });
        done = woken.length;
      }
      for (const t of waiters) yield* t.join();
      return { batches, waitOrder, woken };
    }, simOptions(schedule));
    expect(sim.verdict).toEqual({ kind: 'ok' });
    const r = sim.result!;
    for (const b of r.batches) expect([...b.woke].sort()).toEqual([...b.notified].sort());
    // One at a time, the order of waking is exactly the order of waiting.
    if (c.batches.every((n) => n === 1)) expect(r.woken).toEqual(r.waitOrder);
  });
});
