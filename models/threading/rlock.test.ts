import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate.ts';
import { describeError, go, raisesNow } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { RLock } from './rlock.ts';

const fifo = { strategy: 'fifo' } as const;

describe('RLock', () => {
  it('[RLK-1] is re-entrant: N acquires need N releases; one more raises RuntimeError', () => {
    const sim = simulate(function* () {
      const l = new RLock();
      const got = [yield* l.acquire(), yield* l.acquire(), yield* l.acquire(false)];
      let otherGot: number | null = null;
      const t = go(function* () {
        yield* l.acquire();
        otherGot = monotonic();
        l.release();
      });
      yield* sleep(1);
      l.release();
      l.release();
      yield* sleep(1); // still held once: the other thread keeps waiting
      const stillWaiting = otherGot;
      l.release();
      yield* t.join();
      const extra = raisesNow(() => l.release());
      return { got, stillWaiting, otherGot, extra: describeError(extra) };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      got: [true, true, true],
      stillWaiting: null,
      otherGot: 2,
      extra: 'RuntimeError: cannot release un-acquired lock',
    });
  });

  it('[RLK-2] a non-owner may not release it, and its acquire(false) returns false while it is held', () => {
    const sim = simulate(function* () {
      const l = new RLock();
      yield* l.acquire();
      let out: [string, boolean] | null = null;
      const t = go(function* () {
        out = [describeError(raisesNow(() => l.release())), yield* l.acquire(false)];
      });
      yield* t.join();
      l.release();
      return out;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['RuntimeError: cannot release un-acquired lock', false]);
  });

  it('[RLK-2] a timed acquire by a non-owner returns false after the timeout', () => {
    const sim = simulate(function* () {
      const l = new RLock();
      yield* l.acquire();
      let out: [boolean, number] | null = null;
      const t = go(function* () {
        out = [yield* l.acquire(true, 0.5), monotonic()];
      });
      yield* t.join();
      return out;
    }, fifo);
    expect(sim.result).toEqual([false, 0.5]);
  });

  it("[LCK-5] RLock.acquire checks its arguments as Lock's does", () => {
    const sim = simulate(function* () {
      const l = new RLock();
      yield* sleep(0);
      return [raisesNow(() => l.acquire(false, 1)), raisesNow(() => l.acquire(true, -3))].map(describeError);
    }, fifo);
    expect(sim.result).toEqual([
      "ValueError: can't specify a timeout for a non-blocking call",
      'ValueError: timeout value must be positive',
    ]);
  });

  it('[RLK-1] with() nests in the owning thread', () => {
    const sim = simulate(function* () {
      const l = new RLock();
      const depth = yield* l.with(function* () {
        return yield* l.with(function* () {
          yield* sleep(0.1);
          return 2;
        });
      });
      return [depth, l.isOwned(), yield* l.acquire(false)];
    }, fifo);
    expect(sim.result).toEqual([2, false, true]);
  });
});
