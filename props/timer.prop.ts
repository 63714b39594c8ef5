/**
 * threading.Timer in virtual time: started at S with interval I, it calls its function
 * once, in its own thread, at exactly S + I, to the tick, unless cancelled first [TMR-1];
 * cancelled before then (even before start, [TMR-3]) it never calls it and its thread ends
 * at once [TMR-2]; cancelled at the very instant it fires, either may win, but the outcome
 * is consistent: the function ran iff it ran before cancel() was called. An interval of 0
 * fires at once [TMR-6].
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { toTicks } from '../engine/index.ts';
import { simulate } from '../models/simulate.ts';
import { currentThread, Thread } from '../models/threading/thread.ts';
import { Timer } from '../models/threading/timer.ts';
import { sleep } from '../models/time.ts';
import { nowTicks, scheduleArb, simOptions } from './support.ts';

/** Times on a quarter-second grid, so that cancels and firings often fall on one instant. */
const QUARTER = 0.25;
const slot = fc.integer({ min: 0, max: 6 });

const timerArb = fc.record({ start: slot, interval: slot, cancel: fc.option(slot, { nil: null }) });
const caseArb = fc.array(timerArb, { minLength: 1, maxLength: 4 });

interface Seen {
  calls: number;
  calledAt: number | null;
  inOwnThread: boolean;
  /** Whether cancel() had been called when the function ran. */
  cancelledFirst: boolean;
  cancelCalled: boolean;
  ended: number | null;
}

const ticks = (quarters: number) => toTicks(quarters * QUARTER);

describe('Timer', () => {
  test.prop([caseArb, scheduleArb], { numRuns: 200 })(
    '[TMR-1, TMR-2, TMR-3, TMR-6] fires at exactly start + interval unless cancelled first; never after a cancel',
    (timers, schedule) => {
      const sim = simulate(function* () {
        const seen: Seen[] = timers.map(() => ({
          calls: 0,
          calledAt: null,
          inOwnThread: false,
          cancelledFirst: false,
          cancelCalled: false,
          ended: null,
        }));
        const threads: Thread[] = [];
        timers.forEach((spec, i) => {
          const s = seen[i] as Seen;
          const timer: Timer = new Timer(
            spec.interval * QUARTER,
            () => {
              s.calls++;
              s.calledAt = nowTicks();
              s.inOwnThread = currentThread() === timer;
              s.cancelledFirst = s.cancelCalled;
            },
            null,
            { name: `timer-${i}` },
          );
          threads.push(
            new Thread({
              name: `starter-${i}`,
              *target() {
                yield* sleep(spec.start * QUARTER);
                yield* timer.start();
                yield* timer.join();
                s.ended = nowTicks();
              },
            }),
          );
          if (spec.cancel !== null) {
            const at = spec.cancel * QUARTER;
            threads.push(
              new Thread({
                name: `canceller-${i}`,
                *target() {
                  yield* sleep(at);
                  s.cancelCalled = true;
                  timer.cancel();
                },
              }),
            );
          }
        });
        for (const t of threads) yield* t.start();
        for (const t of threads) yield* t.join();
        return seen;
      }, simOptions(schedule));
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const seen = sim.result!;
      timers.forEach((spec, i) => {
        const s = seen[i] as Seen;
        const where = `timer-${i} ${JSON.stringify(spec)}`;
        const fireAt = spec.start + spec.interval;
        expect(s.calls, where).toBeLessThanOrEqual(1);
        if (s.calls === 1) {
          expect(s.calledAt, where).toBe(ticks(fireAt));
          expect(s.inOwnThread, where).toBe(true);
          expect(s.cancelledFirst, `${where}: ran after cancel()`).toBe(false);
          expect(s.ended, where).toBe(ticks(fireAt));
        } else {
          // Not fired: it was cancelled no later than the firing instant, and its thread
          // ended as soon as both start() and cancel() had happened.
          expect(spec.cancel, `${where}: never fired`).not.toBeNull();
          expect(spec.cancel as number, where).toBeLessThanOrEqual(fireAt);
          expect(s.ended, where).toBe(ticks(Math.max(spec.start, spec.cancel as number)));
        }
        if (spec.cancel === null || spec.cancel > fireAt) expect(s.calls, `${where}: must fire`).toBe(1);
        if (spec.cancel !== null && spec.cancel < fireAt) expect(s.calls, `${where}: must not fire`).toBe(0);
      });
    },
  );
});
