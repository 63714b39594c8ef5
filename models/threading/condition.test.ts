import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate.ts';
import { describeError, go, raises, raisesNow } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { Condition } from './condition.ts';
import { Lock } from './lock.ts';
import { RLock } from './rlock.ts';

const fifo = { strategy: 'fifo' } as const;

describe('Condition', () => {
  it('[CND-1] wait, notify and notifyAll without the lock raise RuntimeError', () => {
    const sim = simulate(function* () {
      const out: string[] = [];
      for (const c of [new Condition(), new Condition({ lock: new Lock() })]) {
        out.push(describeError(yield* raises(() => c.wait())));
        out.push(describeError(raisesNow(() => c.notify())));
        out.push(describeError(raisesNow(() => c.notifyAll())));
      }
      return out;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      'RuntimeError: cannot wait on un-acquired lock',
      'RuntimeError: cannot notify on un-acquired lock',
      'RuntimeError: cannot notify on un-acquired lock',
      'RuntimeError: cannot wait on un-acquired lock',
      'RuntimeError: cannot notify on un-acquired lock',
      'RuntimeError: cannot notify on un-acquired lock',
    ]);
  });

  it('[CND-2] the default lock is an RLock; notify() with no waiters is a no-op', () => {
    const sim = simulate(function* () {
      const c = new Condition();
      yield* c.acquire();
      c.notify();
      c.notifyAll();
      c.release();
      return c.lock instanceof RLock;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toBe(true);
  });

  it('[CND-2] wait(timeout) returns true when notified and false on timeout', () => {
    const sim = simulate(function* () {
      const c = new Condition();
      const out: unknown[] = [];
      const waiter = go(function* () {
        yield* c.acquire();
        out.push(yield* c.wait(5), monotonic());
        out.push(yield* c.wait(0.5), monotonic());
        c.release();
      });
      yield* sleep(1);
      yield* c.acquire();
      c.notify();
      c.release();
      yield* waiter.join();
      return out;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([true, 1, false, 1.5]);
  });

  it('[CND-2] wait(0) and wait(negative) are non-blocking checks', () => {
    const sim = simulate(function* () {
      const c = new Condition();
      yield* c.acquire();
      const r = [yield* c.wait(0), yield* c.wait(-1), monotonic(), c.waiting];
      c.release();
      return r;
    }, fifo);
    expect(sim.result).toEqual([false, false, 0, 0]);
  });

  it('[CND-2] the lock is re-acquired before wait returns, timeouts included', () => {
    const sim = simulate(function* () {
      const c = new Condition();
      let out: [boolean, number, boolean] | null = null;
      const waiter = go(function* () {
        yield* c.acquire();
        const ok = yield* c.wait(1);
        out = [ok, monotonic(), (c.lock as RLock).isOwned()];
        c.release();
      });
      yield* sleep(0.5);
      yield* c.acquire(); // held across the waiter's timeout, until t=3
      yield* sleep(2.5);
      c.release();
      yield* waiter.join();
      return out;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([false, 3, true]);
  });

  it('[CND-3] notify() wakes waiters in the order they called wait()', () => {
    const sim = simulate(function* () {
      const c = new Condition();
      const woke: string[] = [];
      const ts = ['a', 'b', 'c'].map((name, i) =>
        go(function* () {
          yield* sleep(i * 0.1);
          yield* c.with(function* () {
            yield* c.wait();
            woke.push(`${name}@${monotonic()}`);
          });
        }, name),
      );
      for (let i = 1; i <= 3; i++) {
        yield* sleep(1);
        yield* c.acquire();
        c.notify();
        c.release();
      }
      for (const t of ts) yield* t.join();
      return woke;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['a@1', 'b@2', 'c@3']);
  });

  it('[CND-4] notify(n) wakes at most n waiters; notifyAll wakes the rest', () => {
    const sim = simulate(function* () {
      const c = new Condition();
      let woken = 0;
      const ts = [0, 1, 2, 3, 4].map(() =>
        go(function* () {
          yield* c.acquire();
          yield* c.wait();
          woken++;
          c.release();
        }),
      );
      yield* sleep(1);
      yield* c.acquire();
      c.notify(2);
      c.release();
      yield* sleep(1);
      const afterTwo = [woken, c.waiting];
      yield* c.acquire();
      c.notifyAll();
      c.release();
      for (const t of ts) yield* t.join();
      return [afterTwo, woken, c.waiting];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([[2, 3], 5, 0]);
  });

  it('[CND-5] waitFor evaluates the predicate first and returns at once when it holds', () => {
    const sim = simulate(function* () {
      const c = new Condition();
      let calls = 0;
      yield* c.acquire();
      const r = yield* c.waitFor(() => {
        calls++;
        return 'ready';
      });
      c.release();
      return [r, calls, monotonic()];
    }, fifo);
    expect(sim.result).toEqual(['ready', 1, 0]);
  });

  it("[CND-5] on timeout waitFor returns the predicate's last value as is, not coerced to bool", () => {
    const sim = simulate(function* () {
      const c = new Condition();
      yield* c.acquire();
      const r = yield* c.waitFor(() => 0, 0.5);
      const empty = yield* c.waitFor(() => '', 0);
      c.release();
      return [r, empty, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([0, '', 0.5]);
  });

  it('[CND-5] the timeout is one overall deadline across re-waits', () => {
    const sim = simulate(function* () {
      const c = new Condition();
      let n = 0;
      let out: [number, number] | null = null;
      const waiter = go(function* () {
        yield* c.acquire();
        const r = yield* c.waitFor(() => (n >= 10 ? n : 0), 1);
        out = [r, monotonic()];
        c.release();
      });
      for (let i = 0; i < 4; i++) {
        yield* sleep(0.3); // a notify every 0.3 s: the predicate stays false
        yield* c.acquire();
        n++;
        c.notifyAll();
        c.release();
      }
      yield* waiter.join();
      return out;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([0, 1]);
  });

  it('[CND-6] wait() on a recursively held RLock releases it completely, then restores the level', () => {
    const sim = simulate(function* () {
      const l = new RLock();
      const c = new Condition({ lock: l });
      let otherGot: number | null = null;
      let level = 0;
      const waiter = go(function* () {
        yield* l.acquire();
        yield* l.acquire();
        yield* l.acquire();
        yield* c.wait();
        // Three releases are needed again; the fourth raises.
        for (; level < 4; level++) {
          if (raisesNow(() => l.release()) !== null) break;
        }
      });
      yield* sleep(1);
      yield* l.acquire(); // possible only because wait() released all three levels
      otherGot = monotonic();
      c.notify();
      l.release();
      yield* waiter.join();
      return [otherGot, level];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([1, 3]);
  });

  it('[CND-2] a waiter that is never notified is a deadlock with no wait-for cycle', () => {
    const sim = simulate(function* () {
      const c = new Condition({ name: 'ready' });
      yield* c.acquire();
      yield* c.wait();
    }, fifo);
    expect(sim.verdict).toMatchObject({
      kind: 'deadlock',
      cycle: [],
      blocked: [{ thread: 'MainThread', waitsOn: 'ready.waiter', heldBy: [] }],
    });
  });
});
