/**
 * Semaphore(k) and BoundedSemaphore(k) never admit more than k holders at once, under any
 * schedule [SEM-3]; they do admit k when k threads ask at once; a timed acquire gives up
 * exactly at its deadline [SEM-5]; a BoundedSemaphore refuses a release past k [SEM-4].
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { preempt, toTicks } from '../engine/index.ts';
import { simulate } from '../models/simulate.ts';
import { describeError, raisesNow } from '../models/testing.ts';
import { BoundedSemaphore, Semaphore } from '../models/threading/semaphore.ts';
import { Thread } from '../models/threading/thread.ts';
import { sleep } from '../models/time.ts';
import { nowTicks, scheduleArb, simOptions } from './support.ts';

const caseArb = fc.record({
  bounded: fc.boolean(),
  k: fc.integer({ min: 1, max: 4 }),
  threads: fc.integer({ min: 1, max: 7 }),
  rounds: fc.integer({ min: 1, max: 3 }),
  /** How long each (thread, round) holds, in milliseconds: 0 is a bare scheduling point. */
  holds: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }),
  /** A timeout in milliseconds for every acquire, or none. */
  timeoutMs: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
});

describe('Semaphore', () => {
  test.prop([caseArb, scheduleArb], { numRuns: 200 })(
    '[SEM-3, SEM-5] never more than k holders; all k admitted at once; timed acquires fail exactly at the deadline',
    (c, schedule) => {
      const sim = simulate(function* () {
        const sem = c.bounded ? new BoundedSemaphore(c.k) : new Semaphore(c.k);
        let holders = 0;
        let maxHolders = 0;
        let entries = 0;
        let maxAtZero = 0;
        const problems: string[] = [];
        const threads = Array.from(
          { length: c.threads },
          (_, t) =>
            new Thread({
              name: `t${t}`,
              *target() {
                for (let r = 0; r < c.rounds; r++) {
                  const hold = c.holds[(t * c.rounds + r) % c.holds.length] as number;
                  const start = nowTicks();
                  const timeout = c.timeoutMs === null ? null : c.timeoutMs / 1000;
                  const ok = yield* sem.acquire(true, timeout);
                  if (!ok) {
                    const waited = nowTicks() - start;
                    if (timeout === null || waited !== toTicks(timeout)) {
                      problems.push(`t${t} gave up after ${waited} ticks (timeout ${timeout}s)`);
                    }
                    continue;
                  }
                  entries++;
                  holders++;
                  maxHolders = Math.max(maxHolders, holders);
                  if (nowTicks() === 0) maxAtZero = Math.max(maxAtZero, holders);
                  if (hold === 0) yield* preempt();
                  else yield* sleep(hold / 1000);
                  holders--;
                  sem.release();
                  yield* sleep(0);
                }
              },
            }),
        );
        for (const t of threads) yield* t.start();
        for (const t of threads) yield* t.join();
        const extra = c.bounded ? describeError(raisesNow(() => sem.release())) : null;
        return { maxHolders, maxAtZero, entries, problems, value: sem.value, extra };
      }, simOptions(schedule));
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(r.problems).toEqual([]);
      expect(r.maxHolders).toBeLessThanOrEqual(c.k);
      expect(r.value).toBe(c.k);
      if (c.timeoutMs === null) expect(r.entries).toBe(c.threads * c.rounds);
      // Every thread asks at t=0 and, holding for a positive time, nobody leaves at t=0:
      // the first min(k, threads) must all be admitted at once.
      const firstHoldsPositive = Array.from({ length: c.threads }, (_, t) => c.holds[(t * c.rounds) % c.holds.length]);
      if (firstHoldsPositive.every((h) => (h as number) > 0)) {
        expect(r.maxAtZero).toBe(Math.min(c.k, c.threads));
      }
      if (c.bounded) expect(r.extra).toBe('ValueError: Semaphore released too many times'); // [SEM-4]
    },
  );
});
