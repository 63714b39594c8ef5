import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate.ts';
import { describeError, go, raises, raisesNow } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { BoundedSemaphore, Semaphore } from './semaphore.ts';

const fifo = { strategy: 'fifo' } as const;

describe('Semaphore', () => {
  it('[SEM-1] a negative initial value raises ValueError; 0 is allowed', () => {
    const sim = simulate(function* () {
      const e = raisesNow(() => new Semaphore(-1));
      const ok = yield* new Semaphore(0).acquire(false);
      return [describeError(e), ok];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['ValueError: semaphore initial value must be >= 0', false]);
  });

  it('[SEM-2] acquire(false, timeout) and release(n<1) raise ValueError', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(1);
      const a = raisesNow(() => s.acquire(false, 1));
      const b = raisesNow(() => s.acquire(false, -1));
      const c = raisesNow(() => s.release(0));
      return [a, b, c].map(describeError);
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      "ValueError: can't specify timeout for non-blocking acquire",
      "ValueError: can't specify timeout for non-blocking acquire",
      'ValueError: n must be one or more',
    ]);
  });

  it('[SEM-3] release(n) adds n and wakes up to n waiters, first come first served', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(0);
      const woke: string[] = [];
      for (const name of ['a', 'b', 'c']) {
        go(function* () {
          yield* s.acquire();
          woke.push(`${name}@${monotonic()}`);
        }, name);
      }
      yield* sleep(1);
      s.release(2);
      yield* sleep(1);
      const afterTwo = [...woke];
      s.release(3);
      yield* sleep(1);
      return { afterTwo, woke, value: s.value };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({ afterTwo: ['a@1', 'b@1'], woke: ['a@1', 'b@1', 'c@2'], value: 2 });
  });

  it('[SEM-4] a plain Semaphore may be released past its initial value', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(1);
      s.release();
      s.release(3);
      const got = [yield* s.acquire(false), yield* s.acquire(false), yield* s.acquire(false)];
      return { value: s.value, got };
    }, fifo);
    expect(sim.result).toEqual({ value: 2, got: [true, true, true] });
  });

  it('[SEM-5] acquire(timeout) returns false after the timeout', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(0);
      const ok = yield* s.acquire(true, 0.3);
      return [ok, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([false, 0.3]);
  });

  it('[SEM-5] a negative timeout polls and returns false at once, with no ValueError', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(0);
      const neg = yield* s.acquire(true, -1);
      const poll = yield* s.acquire(false);
      const t = monotonic();
      s.release();
      const negAvailable = yield* s.acquire(true, -5);
      return [neg, poll, t, negAvailable];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([false, false, 0, true]);
  });

  it('[SEM-5] a timed acquire succeeds when a release comes before the deadline', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(0);
      go(function* () {
        yield* sleep(0.5);
        s.release();
      });
      const ok = yield* s.acquire(true, 2);
      return [ok, monotonic(), s.value];
    }, fifo);
    expect(sim.result).toEqual([true, 0.5, 0]);
  });

  it('[SEM-5] the timeout is one deadline across re-waits', () => {
    // A release taken by another thread wakes the waiter, which waits again only for
    // what is left of its timeout.
    const sim = simulate(
      function* () {
        const s = new Semaphore(0);
        let out: [boolean, number] | null = null;
        go(function* () {
          const ok = yield* s.acquire(true, 1);
          out = [ok, monotonic()];
        });
        yield* sleep(0.4);
        s.release(); // wakes the waiter ...
        yield* s.acquire(); // ... but this thread takes the unit first
        yield* sleep(2);
        return out;
        // The run's one decision, once release() has woken the waiter and acquire() has
        // reached its scheduling point: this thread goes on before the waiter (choice 0: the
        // running thread continues, no preemption). (fifo
        // would run the waiter first, and it takes the unit at once: a notified acquirer
        // has no scheduling point before re-taking the lock — see the module comment.)
      },
      { strategy: 'replay', choices: [0] },
    );
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.choices).toEqual([0]);
    expect(sim.result).toEqual([false, 1]);
  });

  it('[SEM-3] with() holds one unit: at most `value` bodies run at once', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(2);
      let inside = 0;
      let peak = 0;
      const ts = [1, 2, 3, 4, 5].map(() =>
        go(function* () {
          yield* s.with(function* () {
            inside++;
            peak = Math.max(peak, inside);
            yield* sleep(1);
            inside--;
          });
        }),
      );
      for (const t of ts) yield* t.join();
      return { peak, end: monotonic(), value: s.value };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({ peak: 2, end: 3, value: 2 });
  });

  it('a non-numeric timeout raises TypeError only when the acquire has to wait', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(1);
      const free = yield* s.acquire(true, 'x' as unknown as number);
      const e = yield* raises(() => s.acquire(true, 'x' as unknown as number));
      return [free, describeError(e)];
    }, fifo);
    expect(sim.result).toEqual([true, "TypeError: unsupported operand type(s) for +: 'float' and 'str'"]);
  });

  it('a waiter that is never released is reported as a deadlock', () => {
    const sim = simulate(function* () {
      yield* new Semaphore(0, { name: 'slots' }).acquire();
    }, fifo);
    expect(sim.verdict.kind).toBe('deadlock');
  });
});

describe('BoundedSemaphore', () => {
  it('[SEM-4] releasing past the initial value raises ValueError and leaves the value alone', () => {
    const sim = simulate(function* () {
      const s = new BoundedSemaphore(2);
      yield* s.acquire();
      const tooMany = raisesNow(() => s.release(2));
      s.release();
      const again = raisesNow(() => s.release());
      return [describeError(tooMany), describeError(again), s.value];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      'ValueError: Semaphore released too many times',
      'ValueError: Semaphore released too many times',
      2,
    ]);
  });

  it('[SEM-2] checks n before the bound', () => {
    const sim = simulate(function* () {
      return describeError(raisesNow(() => new BoundedSemaphore(1).release(0)));
    }, fifo);
    expect(sim.result).toBe('ValueError: n must be one or more');
  });

  it('[SEM-3] works as a Semaphore within its bound', () => {
    const sim = simulate(function* () {
      const s = new BoundedSemaphore(1);
      let got: number | null = null;
      go(function* () {
        yield* s.acquire();
        got = monotonic();
      });
      yield* s.acquire();
      yield* sleep(0.25);
      s.release();
      yield* sleep(0.01); // sleep(0) would promise nothing: the waiter may not have run yet
      return [got, s.value];
    }, fifo);
    expect(sim.result).toEqual([0.25, 0]);
  });
});
