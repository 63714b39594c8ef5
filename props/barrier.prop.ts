/**
 * Barrier(parties) releases its parties together: every waiter of one trip returns at the
 * same virtual time — the time the last of them arrived — with distinct indices
 * 0..parties-1, the last arrival getting parties-1 and running the action once, before
 * anyone is released [BAR-1]; the barrier is reusable trip after trip [BAR-2].
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { simulate } from '../models/simulate.ts';
import { Barrier } from '../models/threading/barrier.ts';
import { currentThread, Thread } from '../models/threading/thread.ts';
import { sleep } from '../models/time.ts';
import { nowTicks, scheduleArb, simOptions } from './support.ts';

const caseArb = fc.record({
  parties: fc.integer({ min: 1, max: 5 }),
  trips: fc.integer({ min: 1, max: 3 }),
  /** Delay (ms) before each arrival, by (thread, trip); small, so arrivals often tie. */
  delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 15 }),
  withAction: fc.boolean(),
});

interface Arrival {
  readonly thread: number;
  readonly trip: number;
  readonly arrived: number;
  readonly index: number;
  readonly returned: number;
  /** How many of this trip had called wait() when this one returned (in step order). */
  readonly arrivedBeforeReturn: number;
}

describe('Barrier', () => {
  test.prop([caseArb, scheduleArb], { numRuns: 200 })(
    '[BAR-1, BAR-2] each trip releases all parties at the last arrival, with indices 0..parties-1',
    (c, schedule) => {
      const sim = simulate(function* () {
        const actions: { thread: string; time: number; released: number }[] = [];
        const arrivals: Arrival[] = [];
        let returnedSoFar = 0;
        const arrivedCount = Array.from({ length: c.trips }, () => 0);
        const barrier = new Barrier(c.parties, {
          action: c.withAction
            ? () => void actions.push({ thread: currentThread().name, time: nowTicks(), released: returnedSoFar })
            : null,
        });
        const threads = Array.from(
          { length: c.parties },
          (_, t) =>
            new Thread({
              name: `p${t}`,
              *target() {
                for (let trip = 0; trip < c.trips; trip++) {
                  yield* sleep((c.delays[(t * c.trips + trip) % c.delays.length] as number) / 1000);
                  const arrived = nowTicks();
                  arrivedCount[trip] = (arrivedCount[trip] as number) + 1;
                  const index = yield* barrier.wait();
                  returnedSoFar++;
                  const arrivedBeforeReturn = arrivedCount[trip] as number;
                  arrivals.push({ thread: t, trip, arrived, index, returned: nowTicks(), arrivedBeforeReturn });
                }
              },
            }),
        );
        for (const t of threads) yield* t.start();
        for (const t of threads) yield* t.join();
        return { arrivals, actions, broken: barrier.broken, waiting: barrier.nWaiting };
      }, simOptions(schedule));
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(r.broken).toBe(false);
      expect(r.waiting).toBe(0);
      expect(r.arrivals.length).toBe(c.parties * c.trips);
      for (let trip = 0; trip < c.trips; trip++) {
        const mine = r.arrivals.filter((a) => a.trip === trip);
        const lastArrival = Math.max(...mine.map((a) => a.arrived));
        expect(mine.map((a) => a.index).sort((a, b) => a - b)).toEqual(Array.from({ length: c.parties }, (_, i) => i));
        for (const a of mine) {
          expect(a.returned, `trip ${trip}, p${a.thread} returned`).toBe(lastArrival);
          expect(a.arrivedBeforeReturn, `trip ${trip}, p${a.thread} passed early`).toBe(c.parties);
        }
        // The thread that got parties-1 was among the last to arrive.
        const last = mine.find((a) => a.index === c.parties - 1)!;
        expect(last.arrived).toBe(lastArrival);
        if (c.withAction) {
          const act = r.actions[trip]!;
          expect(act.thread).toBe(`p${last.thread}`);
          expect(act.time).toBe(lastArrival);
          expect(act.released).toBe(trip * c.parties); // nobody of this trip was out yet
        }
      }
      if (c.withAction) expect(r.actions.length).toBe(c.trips);
      // No thread of trip k+1 returns before every thread of trip k has.
      const order = r.arrivals.map((a) => a.trip);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    },
  );
});
