/**
 * glibc's condition variable as engine/futex.ts models it, driven step by step by a scheduler
 * of its own (every request done at once, every interleaving chosen by the test), so that what
 * is checked is the algorithm: group switching, a signaller waiting for the waiters it
 * signalled to leave, and no lost wake-up under any interleaving.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Fiber } from './fiber.ts';
import { CondVar, type Futex, lock, Mutex, type OsCode, SLEEP, signal, unlock, WAKE, wait } from './futex.ts';
import { OsThread } from './os-cpu.ts';
import type { SimProcess } from './process.ts';

/** Threads running OsCode; `step` runs one until its next request, which is served at once. */
class Driver {
  readonly clock = { now: 0 };
  private readonly code = new Map<OsThread, OsCode<unknown>>();
  readonly done = new Set<OsThread>();
  readonly asleep = new Set<OsThread>();

  spawn(name: string, body: (t: OsThread) => OsCode<unknown>): OsThread {
    const t = new OsThread({ name } as unknown as Fiber, {} as SimProcess, this.clock);
    this.code.set(t, body(t));
    return t;
  }

  runnable(): OsThread[] {
    return [...this.code.keys()].filter((t) => !this.done.has(t) && !this.asleep.has(t));
  }

  step(t: OsThread): void {
    const r = (this.code.get(t) as OsCode<unknown>).next();
    if (r.done === true) {
      this.done.add(t);
      return;
    }
    if (r.value === SLEEP) {
      (t.futex as Futex).sleepers.push(t);
      this.asleep.add(t);
    } else if (r.value === WAKE) {
      const s = (t.futex as Futex).sleepers;
      const i = t.target === null ? (s.length > 0 ? 0 : -1) : s.indexOf(t.target);
      if (i >= 0) this.asleep.delete(s.splice(i, 1)[0] as OsThread);
    }
  }

  /** A sleeper with a timeout times out. */
  timeOut(t: OsThread): void {
    const s = (t.futex as Futex).sleepers;
    s.splice(s.indexOf(t), 1);
    t.timedOut = true;
    this.asleep.delete(t);
  }

  /** Runs `t` until it sleeps or ends. */
  runOut(t: OsThread): void {
    while (!this.done.has(t) && !this.asleep.has(t)) this.step(t);
  }

  /** Runs every runnable thread, oldest first, until none is. */
  settle(): void {
    for (let r = this.runnable(); r.length > 0; r = this.runnable()) this.step(r[0] as OsThread);
  }
}

function* waiter(t: OsThread, c: CondVar, m: Mutex, timeout: number, out: boolean[]): OsCode {
  yield* lock(t, m);
  out.push(yield* wait(t, c, m, timeout));
  yield* unlock(t, m);
}

/** Signals `times` times, holding `m` (null: not holding it, as POSIX allows). */
function* signaller(t: OsThread, c: CondVar, m: Mutex | null, times: number): OsCode {
  for (let i = 0; i < times; i++) {
    if (m !== null) yield* lock(t, m);
    yield* signal(t, c);
    if (m !== null) yield* unlock(t, m);
  }
}

describe('glibc condition variable (nptl 2.36)', () => {
  it('a signaller whose signalled waiter has not run yet waits for it, holding the mutex, before it signals the next group', () => {
    const d = new Driver();
    const c = new CondVar();
    const m = new Mutex();
    const out: boolean[] = [];
    const a = d.spawn('a', (t) => waiter(t, c, m, -1, out));
    d.runOut(a); // asleep in G2
    // A first signal makes G2 the new G1 = {a}: a gets the token and is woken, but does not run yet.
    d.runOut(d.spawn('s1', (t) => signaller(t, c, m, 1)));
    expect(d.asleep.has(a)).toBe(false);
    const b = d.spawn('b', (t) => waiter(t, c, m, -1, out));
    d.runOut(b); // asleep in the new G2
    // A second signal finds G1 used up and b in G2: it must wait until a has left its futex wait.
    const s2 = d.spawn('s2', (t) => signaller(t, c, m, 1));
    d.runOut(s2);
    expect(d.asleep.has(s2)).toBe(true);
    expect(m.state).not.toBe(0); // holding the mutex all the while
    d.runOut(a); // a leaves (waking s2), takes its token, and finds the mutex taken
    expect(d.asleep.has(s2)).toBe(false);
    d.settle();
    expect(d.done.has(a) && d.done.has(b) && d.done.has(s2)).toBe(true);
    expect(out).toEqual([false, false]);
  });

  it('a signal with no waiter does nothing, and a later waiter is not woken by it', () => {
    const d = new Driver();
    const c = new CondVar();
    const m = new Mutex();
    const out: boolean[] = [];
    d.runOut(d.spawn('s', (t) => signaller(t, c, m, 1)));
    const a = d.spawn('a', (t) => waiter(t, c, m, -1, out));
    d.settle();
    expect(d.asleep.has(a)).toBe(true);
    expect(out).toEqual([]);
  });

  /** Waiters `a` (a timeout of 100) and `b` (none), asleep in that order, and what their waits returned. */
  function twoWaiters() {
    const d = new Driver();
    const c = new CondVar();
    const m = new Mutex();
    const out: boolean[] = [];
    const a = d.spawn('a', (t) => waiter(t, c, m, 100, out));
    const b = d.spawn('b', (t) => waiter(t, c, m, -1, out));
    d.runOut(a);
    d.runOut(b);
    return { d, c, m, out, a, b };
  }

  it('a waiter signalled as its timeout comes takes the token, and the other waiter keeps waiting', () => {
    const { d, c, m, out, a, b } = twoWaiters();
    d.runOut(d.spawn('s', (t) => signaller(t, c, m, 1))); // G1 = {a, b}: one token, a woken
    expect(d.asleep.has(a)).toBe(false);
    d.settle();
    expect(out).toEqual([false]);
    expect(d.asleep.has(b)).toBe(true);
  });

  it('a waiter that times out with no token for it leaves its group, and a later signal reaches the other', () => {
    const { d, c, m, out, a, b } = twoWaiters();
    d.timeOut(a);
    d.settle();
    expect(out).toEqual([true]);
    d.runOut(d.spawn('s', (t) => signaller(t, c, m, 1)));
    d.settle();
    expect(out).toEqual([true, false]);
    expect(d.done.has(b)).toBe(true);
  });

  // Any interleaving of waiters (some with timeouts that may fire) and signallers: the
  // signallers finish, and no waiter is left asleep while a signal meant for it is outstanding.
  // (A signal made when every waiter already has one, or none waits, wakes nobody: POSIX.)
  test.prop(
    [
      fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
      fc.array(fc.record({ times: fc.integer({ min: 1, max: 3 }), locked: fc.boolean() }), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.array(fc.nat(), { maxLength: 400 }),
    ],
    { numRuns: 500 },
  )('no lost wake-up, no stuck signaller', (timed, signals, picks) => {
    const d = new Driver();
    const c = new CondVar();
    const m = new Mutex();
    const out: boolean[] = [];
    const waiters = timed.map((tm, i) => d.spawn(`w${i}`, (t) => waiter(t, c, m, tm ? 50 : -1, out)));
    const signallers = signals.map((n, i) => d.spawn(`s${i}`, (t) => signaller(t, c, n.locked ? m : null, n.times)));
    for (const p of picks) {
      const r = d.runnable();
      const sleeping = waiters.filter((w) => d.asleep.has(w) && w.timeout >= 0);
      if (r.length === 0 && sleeping.length === 0) break;
      if (r.length === 0 || (p % 7 === 0 && sleeping.length > 0)) d.timeOut(sleeping[p % sleeping.length] as OsThread);
      else d.step(r[p % r.length] as OsThread);
    }
    d.settle();
    // Timed waiters still asleep time out now; whatever that sets off runs too.
    for (let s = waiters.filter((w) => d.asleep.has(w) && w.timeout >= 0); s.length > 0; ) {
      d.timeOut(s[0] as OsThread);
      d.settle();
      s = waiters.filter((w) => d.asleep.has(w) && w.timeout >= 0);
    }
    for (const s of signallers) expect(d.done.has(s)).toBe(true);
    // A waiter left asleep has no token waiting for it in its group, and no group is left closed.
    for (const w of waiters.filter((x) => d.asleep.has(x))) {
      const g = c.futex.indexOf(w.futex as Futex);
      expect(g).toBeGreaterThanOrEqual(0);
      expect(c.signals[g]).toBe(0);
    }
    expect(c.closed).toEqual([false, false]);
    expect(out.filter((x) => !x).length).toBeLessThanOrEqual(signals.reduce((a, b) => a + b.times, 0));
  });
});
