import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate.ts';
import { describeError, go, raises, raisesNow } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { Lock } from './lock.ts';

const fifo = { strategy: 'fifo' } as const;

describe('Lock', () => {
  it('[LCK-1] releasing an unlocked Lock raises RuntimeError', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      const before = raisesNow(() => l.release());
      yield* l.acquire();
      l.release();
      const twice = raisesNow(() => l.release());
      return [describeError(before), describeError(twice)];
    }, fifo);
    expect(sim.result).toEqual(['RuntimeError: release unlocked lock', 'RuntimeError: release unlocked lock']);
  });

  it('[LCK-2] a Lock has no owner: another thread may release it', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      yield* l.acquire();
      const t = go(function* () {
        yield* sleep(1);
        l.release();
      });
      yield* l.acquire(); // blocks until the other thread releases it
      const at = monotonic();
      yield* t.join();
      return [at, l.locked()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([1, true]);
  });

  it('[LCK-3] a Lock is not re-entrant: the holder gets false from acquire(false)', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      const first = yield* l.acquire();
      const again = yield* l.acquire(false);
      return [first, again, l.locked()];
    }, fifo);
    expect(sim.result).toEqual([true, false, true]);
  });

  it('[LCK-3] a blocking re-acquire by the holder deadlocks, and the report names the lock and its holder', () => {
    const sim = simulate(function* () {
      const l = new Lock({ name: 'mutex' });
      yield* l.acquire();
      yield* l.acquire();
    }, fifo);
    expect(sim.verdict).toMatchObject({
      kind: 'deadlock',
      cycle: ['MainThread'],
      blocked: [{ thread: 'MainThread', waitsOn: 'mutex', heldBy: ['MainThread'] }],
    });
  });

  it('[LCK-4] acquire(timeout=t) on a held lock returns false after t', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      yield* l.acquire();
      let out: [boolean, number] | null = null;
      const t = go(function* () {
        out = [yield* l.acquire(true, 0.4), monotonic()];
      });
      yield* t.join();
      return out;
    }, fifo);
    expect(sim.result).toEqual([false, 0.4]);
  });

  it('[LCK-4] a timed acquire succeeds when the lock is released in time', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      yield* l.acquire();
      let out: [boolean, number] | null = null;
      const t = go(function* () {
        out = [yield* l.acquire(true, 2), monotonic()];
      });
      yield* sleep(0.5);
      l.release();
      yield* t.join();
      return out;
    }, fifo);
    expect(sim.result).toEqual([true, 0.5]);
  });

  it('[LCK-5] invalid arguments raise ValueError; timeout=-1 waits forever', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      const errors = [
        raisesNow(() => l.acquire(false, 1)),
        raisesNow(() => l.acquire(false, 0)),
        raisesNow(() => l.acquire(true, -2)),
        raisesNow(() => l.acquire(true, -0.5)),
        raisesNow(() => l.acquire(true, Number.NaN)),
        raisesNow(() => l.acquire(true, 'x' as unknown as number)),
        raisesNow(() => l.acquire(true, null as unknown as number)),
      ].map(describeError);
      yield* l.acquire(true, -1);
      const polled = yield* l.acquire(false, -1);
      return { errors, polled };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      errors: [
        "ValueError: can't specify a timeout for a non-blocking call",
        "ValueError: can't specify a timeout for a non-blocking call",
        'ValueError: timeout value must be positive',
        'ValueError: timeout value must be positive',
        'ValueError: Invalid value NaN (not a number)',
        "TypeError: 'str' object cannot be interpreted as an integer",
        "TypeError: 'NoneType' object cannot be interpreted as an integer",
      ],
      polled: false,
    });
  });

  it('[LCK-4] acquire(timeout=0) on a held lock returns false at once', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      yield* l.acquire();
      return [yield* l.acquire(true, 0), monotonic()];
    }, fifo);
    expect(sim.result).toEqual([false, 0]);
  });

  it('with() holds the lock for its body and releases it even when the body raises', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      let inside = 0;
      let peak = 0;
      const ts = [0, 1, 2].map(() =>
        go(function* () {
          yield* l.with(function* () {
            inside++;
            peak = Math.max(peak, inside);
            yield* sleep(1);
            inside--;
          });
        }),
      );
      for (const t of ts) yield* t.join();
      const e = yield* raises(() =>
        l.with(function* () {
          yield* sleep(0);
          throw new Error('inside');
        }),
      );
      return [peak, monotonic(), describeError(e), l.locked()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([1, 3, 'Error: inside', false]);
  });

  it('a blocking call made without yield* ends the run with a UsageError naming it', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      l.acquire();
      yield* sleep(1);
    }, fifo);
    expect(sim.verdict.kind).toBe('exception');
    expect(sim.verdict.kind === 'exception' && describeError(sim.verdict.error)).toBe(
      'UsageError: Lock.acquire() was called without yield*, so it never ran: write `yield* lock.acquire()`',
    );
  });
});
