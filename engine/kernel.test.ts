import { describe, expect, it, vi } from 'vitest';
import { activeKernel, kernel } from './context.ts';
import { NoKernelError } from './errors.ts';
import type { Fiber } from './fiber.ts';
import { Kernel, type KernelOptions, TOKEN } from './kernel.ts';
import { RunLocal } from './run-local.ts';
import { makeStrategy, type StrategyOptions } from './strategy.ts';
import { block, computeTicks, preempt, sleepTicks } from './syscalls.ts';
import { TraceHasher } from './trace.ts';
import type { Verdict } from './verdict.ts';
import { WaitQueue } from './wait-queue.ts';

type Opts = Partial<Omit<KernelOptions, 'strategy'>> & Partial<StrategyOptions>;

function newKernel(o: Opts = {}): Kernel {
  const strategy = makeStrategy({ ...o, strategy: o.strategy ?? 'fifo', seed: o.seed ?? 0 });
  return new Kernel({ ...o, strategy });
}

/** Subscribes a listener that keeps `${time} ${fiberName} ${kind}` for each record. */
function traceOf(k: Kernel, withObj = false): string[] {
  const out: string[] = [];
  k.subscribe((r) => {
    out.push(`${r.time} ${k.fiberName(r.fiber)} ${r.kind}${withObj && r.obj !== null ? ` ${r.obj}` : ''}`);
  });
  return out;
}

function expectException(v: Verdict): Extract<Verdict, { kind: 'exception' }> {
  if (v.kind !== 'exception') throw new Error(`expected an exception verdict, got ${JSON.stringify(v)}`);
  return v;
}

describe('Kernel: the loop and the clock', () => {
  it('runs fibers in virtual time with an exact trace', () => {
    const k = newKernel();
    const trace = traceOf(k);
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(5);
      })(),
      { name: 'b' },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(trace).toEqual([
      '0 a spawn',
      '0 b spawn',
      '0 a run',
      '0 a sleep',
      '0 b run',
      '0 b sleep',
      '5 b run',
      '5 b finish',
      '10 a run',
      '10 a finish',
    ]);
    expect(k.now).toBe(10);
    expect(k.steps).toBe(4);
    expect(k.contextSwitches).toBe(3); // a, b, (b again), a
    expect(k.choices).toEqual([0]);
    expect(k.allFibers().map((f) => [f.name, f.state])).toEqual([
      ['a', 'done'],
      ['b', 'done'],
    ]);
  });

  it('returns a fiber’s result and names fibers by default Fiber-<id>', () => {
    const k = newKernel();
    const f = k.spawn(
      (function* () {
        yield* preempt();
        return 42;
      })(),
    );
    expect(f.name).toBe('Fiber-1');
    expect(k.fiberName(1)).toBe('Fiber-1');
    expect(k.fiberName(0)).toBe('kernel');
    expect(k.run().kind).toBe('ok');
    expect(f.result).toBe(42);
    expect(f.state).toBe('done');
  });

  it('an empty kernel ends ok at time 0', () => {
    const k = newKernel();
    expect(k.run()).toEqual({ kind: 'ok' });
    expect([k.now, k.steps]).toEqual([0, 0]);
  });

  it('time advances only when nothing is runnable', () => {
    const k = newKernel();
    const seen: string[] = [];
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
        seen.push(`a woke at ${k.now}`);
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        for (let i = 0; i < 3; i++) {
          seen.push(`b step ${i} at ${k.now}`);
          yield* preempt();
        }
        yield* computeTicks(0); // zero CPU work: a scheduling point, no time
        seen.push(`b done at ${k.now}`);
      })(),
      { name: 'b' },
    );
    expect(k.run().kind).toBe('ok');
    expect(seen).toEqual(['b step 0 at 0', 'b step 1 at 0', 'b step 2 at 0', 'b done at 0', 'a woke at 10']);
  });

  it('sleepTicks(0) is a plain scheduling point: the strategy decides who goes next, both ways', () => {
    const orders = new Set<string>();
    for (const choices of [
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 1],
    ]) {
      const k = newKernel({ strategy: 'replay', choices });
      const trace = traceOf(k);
      k.spawn(
        (function* () {
          yield* sleepTicks(0);
        })(),
        { name: 'a' },
      );
      k.spawn(
        (function* () {
          yield* preempt();
        })(),
        { name: 'b' },
      );
      expect(k.run().kind).toBe('ok');
      expect(k.now).toBe(0);
      expect(trace.filter((l) => l.endsWith('sleep'))).toEqual(['0 a sleep']);
      orders.add(trace.filter((l) => l.endsWith('finish')).join(', '));
    }
    // Unlike a sleep into the future, it does not wait for every runnable fiber to finish.
    expect([...orders].sort()).toEqual(['0 a finish, 0 b finish', '0 b finish, 0 a finish']);
  });

  it('a fiber spawned during a run is runnable at once, after those already runnable', () => {
    const k = newKernel();
    const order: string[] = [];
    k.spawn(
      (function* () {
        k.spawn(
          (function* () {
            order.push(`child at ${k.now}`);
            yield* preempt();
          })(),
          { name: 'child' },
        );
        yield* preempt();
        order.push('parent');
      })(),
      { name: 'parent' },
    );
    expect(k.run().kind).toBe('ok');
    expect(order).toEqual(['child at 0', 'parent']);
  });
});

describe('Kernel: ties are strategy decisions', () => {
  /** a spawns b; both sleep until 10, so at 10 both are runnable together. */
  function sleepers(o: Opts): { order: string[]; choices: number[]; trace: string[] } {
    const k = newKernel(o);
    const trace = traceOf(k);
    const order: string[] = [];
    k.spawn(
      (function* () {
        k.spawn(
          (function* () {
            yield* sleepTicks(10);
            order.push(`b@${k.now}`);
          })(),
          { name: 'b' },
        );
        yield* sleepTicks(10);
        order.push(`a@${k.now}`);
      })(),
      { name: 'a' },
    );
    expect(k.run().kind).toBe('ok');
    return { order, choices: [...k.choices], trace };
  }

  it('two sleepers due at the same instant make one recorded choice', () => {
    const r = sleepers({});
    expect(r.choices).toEqual([0]);
    expect(r.order).toEqual(['a@10', 'b@10']);
  });

  it('both orders are reachable by replaying [0] and [1]', () => {
    const first = sleepers({ strategy: 'replay', choices: [0] });
    const second = sleepers({ strategy: 'replay', choices: [1] });
    expect(first.order).toEqual(['a@10', 'b@10']);
    expect(second.order).toEqual(['b@10', 'a@10']);
    expect(first.choices).toEqual([0]);
    expect(second.choices).toEqual([1]);
    expect(second.trace).toEqual([
      '0 a spawn',
      '0 a run',
      '0 b spawn',
      '0 a sleep',
      '0 b run',
      '0 b sleep',
      '10 b run',
      '10 b finish',
      '10 a run',
      '10 a finish',
    ]);
  });

  it('the random strategy reaches both orders across seeds', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) orders.add(sleepers({ strategy: 'random', seed }).order.join(' '));
    expect(orders).toEqual(new Set(['a@10 b@10', 'b@10 a@10']));
  });

  /** a blocks on q with timeout 10; b wakes q at exactly 10. */
  function race(choices: number[]): { result: unknown; woken: number; waiting: number; trace: string[] } {
    const k = newKernel({ strategy: 'replay', choices });
    const trace = traceOf(k, true);
    const q = new WaitQueue('q');
    let result: unknown;
    let woken = -1;
    k.spawn(
      (function* () {
        k.spawn(
          (function* () {
            yield* sleepTicks(10);
            woken = k.wakeAll(q);
          })(),
          { name: 'b' },
        );
        result = yield* block(q, 10);
      })(),
      { name: 'a' },
    );
    expect(k.run().kind).toBe('ok');
    expect(k.choices).toEqual(choices);
    expect(k.now).toBe(10);
    return { result, woken, waiting: q.length, trace };
  }

  it('a wake-up racing a timeout at the same instant: the timeout can win', () => {
    const r = race([0]);
    expect(r).toEqual({
      result: false,
      woken: 0,
      waiting: 0,
      trace: [
        '0 a spawn',
        '0 a run',
        '0 b spawn',
        '0 a block q',
        '0 b run',
        '0 b sleep',
        '10 a timeout q',
        '10 a run',
        '10 a finish',
        '10 b run',
        '10 b finish',
      ],
    });
  });

  it('a wake-up racing a timeout at the same instant: the wake-up can win', () => {
    const r = race([1]);
    expect(r).toEqual({
      result: true,
      woken: 1,
      waiting: 0,
      trace: [
        '0 a spawn',
        '0 a run',
        '0 b spawn',
        '0 a block q',
        '0 b run',
        '0 b sleep',
        '10 b run',
        '10 a wake q',
        '10 b finish',
        '10 a run',
        '10 a finish',
      ],
    });
  });

  it('a choice list recorded under random replays to the same run', () => {
    const scenario = (o: Opts): { trace: string[]; choices: number[] } => {
      const k = newKernel(o);
      const trace = traceOf(k, true);
      const q = new WaitQueue('q');
      for (let i = 0; i < 4; i++) {
        k.spawn(
          (function* () {
            for (let j = 0; j < 3; j++) {
              yield* preempt();
              if (k.wakeOne(q) === null) yield* block(q, 3);
              yield* sleepTicks(j);
            }
          })(),
          { name: `t${i}` },
        );
      }
      expect(k.run().kind).toBe('ok');
      return { trace, choices: [...k.choices] };
    };
    for (const seed of [1, 2, 3]) {
      const original = scenario({ strategy: 'random', seed });
      expect(original.choices.length).toBeGreaterThan(5);
      const replayed = scenario({ strategy: 'replay', choices: original.choices });
      expect(replayed).toEqual(original);
    }
  });
});

describe('Kernel: wait queues', () => {
  it('wakeAll wakes in FIFO order and passes the value; wakeOne wakes the head', () => {
    const k = newKernel();
    const trace = traceOf(k);
    const q = new WaitQueue('q');
    const got: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      k.spawn(
        (function* () {
          const v = yield* block(q);
          got.push(`${name}:${String(v)}`);
        })(),
        { name },
      );
    }
    k.spawn(
      (function* () {
        expect(q.fibers.map((f) => f.name)).toEqual(['a', 'b', 'c']);
        expect(k.wakeOne(q, 'first')?.name).toBe('a');
        expect(k.wakeAll(q, 'rest')).toBe(2);
        expect(k.wakeOne(q)).toBe(null);
        expect(k.wakeAll(q)).toBe(0);
      })(),
      { name: 'w' },
    );
    expect(k.run().kind).toBe('ok');
    expect(got).toEqual(['a:first', 'b:rest', 'c:rest']);
    expect(trace.filter((l) => l.includes('wake'))).toEqual(['0 a wake', '0 b wake', '0 c wake']);
  });

  it('a woken fiber’s timeout is cancelled', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    const got: unknown[] = [];
    k.spawn(
      (function* () {
        got.push(yield* block(q, 5));
        yield* sleepTicks(10); // past the old timeout
        got.push(k.now);
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(1);
        k.wakeAll(q);
      })(),
      { name: 'b' },
    );
    expect(k.run().kind).toBe('ok');
    expect(got).toEqual([true, 11]);
  });

  it('a timed-out fiber returns false at its deadline', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    let got: unknown = null;
    k.spawn(
      (function* () {
        got = [yield* block(q, 7), k.now];
      })(),
    );
    expect(k.run().kind).toBe('ok');
    expect(got).toEqual([false, 7]);
    expect(q.length).toBe(0);
  });

  it('block with front=true takes the head of the queue', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    let order: string[] = [];
    k.spawn(
      (function* () {
        yield* block(q);
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* block(q, null, true);
      })(),
      { name: 'b' },
    );
    k.spawn(
      (function* () {
        order = q.fibers.map((f) => f.name);
        k.wakeAll(q);
      })(),
      { name: 'c' },
    );
    expect(k.run().kind).toBe('ok');
    expect(order).toEqual(['b', 'a']);
  });

  it('WaitQueue.remove reports whether the fiber was there', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    const f = k.spawn(
      (function* () {
        yield* preempt();
      })(),
    );
    expect(q.remove(f)).toBe(false);
    q.push(f);
    expect(q.length).toBe(1);
    expect(q.fibers).toEqual([f]);
    expect(q.remove(f)).toBe(true);
    expect(q.length).toBe(0);
  });

  it('WaitQueue keeps FIFO order through push, unshift and removal from the middle', () => {
    const k = newKernel();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) =>
      k.spawn(
        (function* () {
          yield* preempt();
        })(),
        { name },
      ),
    ) as [Fiber, Fiber, Fiber, Fiber];
    const q = new WaitQueue('q');
    const other = new WaitQueue('other');
    q.push(b);
    q.push(c);
    q.unshift(a);
    q.push(d);
    expect(q.fibers.map((f) => f.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(() => other.push(c)).toThrow('c already waits on q');
    expect(other.remove(c)).toBe(false);
    expect(q.remove(c)).toBe(true);
    expect(q.remove(a)).toBe(true);
    expect(q.remove(d)).toBe(true);
    expect(q.first).toBe(b);
    expect(q.fibers).toEqual([b]);
    expect(b.wq).toBe(q);
    expect(c.wq).toBeNull();
    other.unshift(c);
    expect(other.first).toBe(c);
    expect(q.length + other.length).toBe(2);
  });
});

describe('Kernel: verdicts', () => {
  it('deadlock: reports the wait-for cycle and every blocked thread', () => {
    const k = newKernel();
    const trace = traceOf(k);
    const qa = new WaitQueue('qa', () => [a]);
    const qb = new WaitQueue('qb', () => [b]);
    const a = k.spawn(
      (function* () {
        yield* sleepTicks(3);
        yield* block(qb);
      })(),
      { name: 'a' },
    );
    const b = k.spawn(
      (function* () {
        yield* block(qa);
      })(),
      { name: 'b' },
    );
    expect(k.run()).toEqual({
      kind: 'deadlock',
      time: 3,
      cycle: ['a', 'b'],
      blocked: [
        { thread: 'a', waitsOn: 'qb', heldBy: ['b'] },
        { thread: 'b', waitsOn: 'qa', heldBy: ['a'] },
      ],
    });
    expect(trace.at(-1)).toBe('3 a block');
  });

  it('deadlock: the cycle leaves out a thread that only waits on it', () => {
    const k = newKernel();
    const qa = new WaitQueue('qa', () => [a]);
    const qb = new WaitQueue('qb', () => [b]);
    k.spawn(
      (function* () {
        yield* block(qa);
      })(),
      { name: 'c' },
    );
    const a = k.spawn(
      (function* () {
        yield* block(qb);
      })(),
      { name: 'a' },
    );
    const b = k.spawn(
      (function* () {
        yield* block(qa);
      })(),
      { name: 'b' },
    );
    expect(k.run()).toEqual({
      kind: 'deadlock',
      time: 0,
      cycle: ['a', 'b'],
      blocked: [
        { thread: 'c', waitsOn: 'qa', heldBy: ['a'] },
        { thread: 'a', waitsOn: 'qb', heldBy: ['b'] },
        { thread: 'b', waitsOn: 'qa', heldBy: ['a'] },
      ],
    });
  });

  it('deadlock with no cycle: a thread waits forever on an object nobody holds', () => {
    const k = newKernel();
    const gone = k.spawn(
      (function* () {
        yield* preempt();
      })(),
      { name: 'gone' },
    );
    const held = new WaitQueue('held', () => [gone]);
    k.spawn(
      (function* () {
        yield* block(new WaitQueue('free'));
      })(),
      { name: 'x' },
    );
    k.spawn(
      (function* () {
        yield* block(held);
      })(),
      { name: 'y' },
    );
    expect(k.run()).toEqual({
      kind: 'deadlock',
      time: 0,
      cycle: [],
      blocked: [
        { thread: 'x', waitsOn: 'free', heldBy: [] },
        { thread: 'y', waitsOn: 'held', heldBy: ['gone'] },
      ],
    });
  });

  it('deadlock is reported at the instant it happens, not at a cancelled timeout', () => {
    // a's timed wait is woken early; its timeout entry stays queued (lazy deletion) but
    // is dead. Nothing else is pending, so the run is deadlocked at time 2.
    const scenario = (maxTime?: number): [Verdict, number] => {
      const k = newKernel(maxTime === undefined ? {} : { maxTime });
      const q = new WaitQueue('q');
      k.spawn(
        (function* () {
          yield* block(q, 1_000);
          yield* block(new WaitQueue('never-a'));
        })(),
        { name: 'a' },
      );
      k.spawn(
        (function* () {
          yield* sleepTicks(2);
          k.wakeAll(q);
          yield* block(new WaitQueue('never-b'));
        })(),
        { name: 'b' },
      );
      return [k.run(), k.now];
    };
    const expected: Verdict = {
      kind: 'deadlock',
      time: 2,
      cycle: [],
      blocked: [
        { thread: 'a', waitsOn: 'never-a', heldBy: [] },
        { thread: 'b', waitsOn: 'never-b', heldBy: [] },
      ],
    };
    expect(scenario()).toEqual([expected, 2]);
    // The dead timeout lies past the time budget: still a deadlock, not a budget verdict.
    expect(scenario(500)).toEqual([expected, 2]);
  });

  it('deadlock is reported at its instant, not at a cancelled callback', () => {
    const k = newKernel();
    const s = k.schedule(50_000, () => {
      throw new Error('cancelled callbacks never run');
    });
    k.spawn(
      (function* () {
        yield* computeTicks(10_000); // its first slice end (10 000) is superseded by a cut
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        s.cancelled = true;
        yield* computeTicks(1_000);
        yield* block(new WaitQueue('never'));
      })(),
      { name: 'b' },
    );
    const v = k.run();
    // a: 0–5000 (cut by b's request), b: 5000–6000, then b blocks; a: 6000–11000.
    expect(v).toEqual({
      kind: 'deadlock',
      time: 11_000,
      cycle: [],
      blocked: [{ thread: 'b', waitsOn: 'never', heldBy: [] }],
    });
  });

  it('budget: a step limit ends a runaway loop', () => {
    const k = newKernel({ maxSteps: 50 });
    k.spawn(
      (function* () {
        for (;;) yield* preempt();
      })(),
      { name: 'spin' },
    );
    expect(k.run()).toEqual({ kind: 'budget', limit: 'steps', value: 50, time: 0, steps: 50 });
    expect(k.steps).toBe(50);
  });

  it('budget: a step limit ends a livelock of two fibers', () => {
    const k = newKernel({ maxSteps: 7, strategy: 'random', seed: 4 });
    for (const name of ['x', 'y']) {
      k.spawn(
        (function* () {
          for (;;) yield* preempt();
        })(),
        { name },
      );
    }
    expect(k.run()).toEqual({ kind: 'budget', limit: 'steps', value: 7, time: 0, steps: 7 });
    expect(k.choices.length).toBe(7);
  });

  it('a run that finishes on exactly its last allowed step is ok', () => {
    const k = newKernel({ maxSteps: 3 });
    k.spawn(
      (function* () {
        yield* preempt();
        yield* preempt();
      })(),
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(k.steps).toBe(3);
  });

  it('budget: a virtual-time limit ends a run that sleeps forever', () => {
    const k = newKernel({ maxTime: 10_000 });
    k.spawn(
      (function* () {
        for (;;) yield* sleepTicks(1_000);
      })(),
      { name: 'sleeper' },
    );
    expect(k.run()).toEqual({ kind: 'budget', limit: 'time', value: 10_000, time: 10_000, steps: 11 });
    expect(k.now).toBe(10_000);
  });

  it('reaching the time budget exactly is allowed', () => {
    const k = newKernel({ maxTime: 10_000 });
    k.spawn(
      (function* () {
        yield* sleepTicks(10_000);
      })(),
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(k.now).toBe(10_000);
  });

  it('exception: names the fiber, the virtual time and the error', () => {
    const k = newKernel();
    const trace = traceOf(k);
    let otherRan = false;
    const w = k.spawn(
      (function* () {
        yield* sleepTicks(7);
        throw new TypeError('boom');
      })(),
      { name: 'w' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(100);
        otherRan = true;
      })(),
      { name: 'other' },
    );
    const v = expectException(k.run());
    expect(v.thread).toBe('w');
    expect(v.time).toBe(7);
    expect(v.error.name).toBe('TypeError');
    expect(v.error.message).toBe('boom');
    expect(v.error.stack).toContain('TypeError: boom');
    expect(v.error.stack).toContain('kernel.test.ts');
    expect(otherRan).toBe(false);
    expect(k.now).toBe(7);
    expect(w.state).toBe('done');
    expect(trace.slice(-3)).toEqual(['7 w run', '7 w error', '7 w finish']);
  });

  it('exception: a thrown non-Error is reported as its string', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield* preempt();
        throw 'oops';
      })(),
      { name: 'w' },
    );
    expect(k.run()).toEqual({
      kind: 'exception',
      thread: 'w',
      time: 0,
      error: { name: 'Error', message: 'oops', stack: 'oops' },
    });
  });

  it('exception: a scheduled callback that throws is reported as the kernel’s', () => {
    const k = newKernel();
    k.schedule(5, () => {
      throw new Error('in callback');
    });
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
      })(),
    );
    const v = expectException(k.run());
    expect([v.thread, v.time, v.error.message]).toEqual(['kernel', 5, 'in callback']);
  });

  it('invariant: violate ends the run after the current step', () => {
    const k = newKernel();
    const trace = traceOf(k);
    const after: string[] = [];
    k.spawn(
      (function* () {
        yield* sleepTicks(4);
        k.violate('mutex', 'two holders');
        after.push('same step goes on');
        yield* preempt();
        after.push('next step');
      })(),
      { name: 'm' },
    );
    expect(k.run()).toEqual({
      kind: 'invariant',
      monitor: 'mutex',
      message: 'two holders',
      step: 2,
      time: 4,
      traceTail: [],
    });
    expect(after).toEqual(['same step goes on']);
    expect(trace.at(-1)).toBe('4 m violation');
  });

  it('the first verdict wins', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield* preempt();
        k.violate('first', 'one');
        throw new Error('second');
      })(),
    );
    const v = k.run();
    expect(v.kind).toBe('invariant');
  });

  it('ok when only daemon fibers remain blocked', () => {
    const k = newKernel();
    const d = k.spawn(
      (function* () {
        yield* block(new WaitQueue('forever'));
      })(),
      { name: 'd', daemon: true },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
      })(),
      { name: 'main' },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(k.now).toBe(10);
    expect(d.state).toBe('blocked');
  });

  it('the run ends when the last non-daemon fiber finishes, even with daemons still busy', () => {
    const k = newKernel();
    let ticks = 0;
    k.spawn(
      (function* () {
        for (;;) {
          yield* sleepTicks(1);
          ticks++;
        }
      })(),
      { name: 'ticker', daemon: true },
    );
    for (const [name, t] of [
      ['a', 5],
      ['b', 20],
    ] as const) {
      k.spawn(
        (function* () {
          yield* sleepTicks(t);
        })(),
        { name },
      );
    }
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(k.now).toBe(20);
    // At 20 b's wake-up (queued at 0) comes before the ticker's (queued at 19); fifo runs
    // b first, and the run ends before the ticker's twentieth tick.
    expect(ticks).toBe(19);
  });

  it('a run with only daemons ends ok when they block', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield* sleepTicks(3);
        yield* block(new WaitQueue('w'));
      })(),
      { daemon: true },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
  });

  it('onExit runs as the exiting fiber', () => {
    const k = newKernel();
    let seen: unknown = null;
    const f = k.spawn(
      (function* () {
        yield* preempt();
      })(),
      { name: 'f' },
    );
    f.onExit = (x) => {
      seen = [x.name, k.current?.name, x.state];
    };
    k.run();
    expect(seen).toEqual(['f', 'f', 'done']);
    expect(k.current).toBe(null);
  });
});

describe('Kernel: misuse is reported, not dropped', () => {
  it('a blocking op created without yield* and followed by another op names the call', () => {
    const k = newKernel();
    let after = false;
    k.spawn(
      (function* () {
        sleepTicks(5);
        yield* preempt();
        after = true;
      })(),
      { name: 'u' },
    );
    const v = expectException(k.run());
    expect(v.thread).toBe('u');
    expect(v.time).toBe(0);
    expect(v.error.name).toBe('UsageError');
    expect(v.error.message).toBe(
      'sleepTicks() was called without yield*, so it never ran: write `yield* sleepTicks()`',
    );
    expect(after).toBe(false);
  });

  it('a blocking op created without yield* before the generator returns is reported', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    k.spawn(
      (function* () {
        yield* sleepTicks(1);
        block(q);
        return 'returned';
      })(),
      { name: 'u' },
    );
    const v = expectException(k.run());
    expect([v.thread, v.time, v.error.name]).toEqual(['u', 1, 'UsageError']);
    expect(v.error.message).toContain('block() was called without yield*');
    expect(v.error.message).toContain('yield* block()');
    expect(q.length).toBe(0);
  });

  it('catching the error of the second op does not hide the first', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        computeTicks(5);
        try {
          yield* preempt();
        } catch {
          // swallowed
        }
        yield* sleepTicks(1);
      })(),
      { name: 'u' },
    );
    const v = expectException(k.run());
    expect(v.error.message).toContain('computeTicks() was called without yield*');
  });

  it('an op created without yield* before a plain yield of the token is reported', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        preempt();
        k.makeRunnable(k.current as NonNullable<typeof k.current>);
        yield TOKEN;
      })(),
      { name: 'u' },
    );
    const v = expectException(k.run());
    expect(v.error.message).toContain('preempt() was called without yield*');
  });

  it('yielding a value directly is reported as misuse', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield 5;
      })(),
      { name: 'y' },
    );
    expect(k.run()).toMatchObject({
      kind: 'exception',
      thread: 'y',
      time: 0,
      error: {
        name: 'UsageError',
        message: 'thread yielded number to the kernel: blocking calls must use yield*, not yield',
      },
    });
  });

  it('yielding an object with a label names it', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield { label: 'Lock.acquire()' };
      })(),
      { name: 'y' },
    );
    const v = expectException(k.run());
    expect(v.error.message).toBe(
      'thread yielded Lock.acquire() to the kernel: blocking calls must use yield*, not yield',
    );
  });

  it('yield op (instead of yield* op) is reported naming the call', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield sleepTicks(5);
      })(),
      { name: 'y' },
    );
    const v = expectException(k.run());
    expect(v.error.message).toContain('sleepTicks() was called without yield*');
  });

  it('syscalls outside a simulated thread fail with a clear error', () => {
    expect(() => sleepTicks(1)[Symbol.iterator]().next()).toThrow(NoKernelError);
    expect(() => sleepTicks(1)[Symbol.iterator]().next()).toThrow('sleep needs a running simulation');
    const k = newKernel();
    expect(() => k.within(() => preempt()[Symbol.iterator]().next())).toThrow(
      'preempt must be called from a simulated thread',
    );
  });
});

describe('Kernel: context', () => {
  it('within makes the kernel active and restores the previous one', () => {
    const k = newKernel();
    const k2 = newKernel();
    expect(activeKernel()).toBe(null);
    expect(() => kernel('Lock()')).toThrow(NoKernelError);
    expect(k.within(() => activeKernel())).toBe(k);
    expect(k.within(() => kernel())).toBe(k);
    expect(k.within(() => [k2.within(() => activeKernel()), activeKernel()])).toEqual([k2, k]);
    expect(activeKernel()).toBe(null);
    expect(() =>
      k.within(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(activeKernel()).toBe(null);
  });

  it('run makes the kernel active for its fibers and restores it afterwards', () => {
    const k = newKernel();
    let inside: unknown = null;
    k.spawn(
      (function* () {
        inside = activeKernel();
        yield* preempt();
      })(),
    );
    k.run();
    expect(inside).toBe(k);
    expect(activeKernel()).toBe(null);
  });

  it('labels model objects per kind in creation order', () => {
    const k = newKernel();
    expect([k.label('Lock'), k.label('Lock'), k.label('Event'), k.label('Lock')]).toEqual([
      'Lock-1',
      'Lock-2',
      'Event-1',
      'Lock-3',
    ]);
  });

  it('rejects a core count that is not a positive integer', () => {
    expect(() => newKernel({ cores: 0 })).toThrow('cores must be an integer >= 1');
    expect(() => newKernel({ cores: 1.5 })).toThrow(RangeError);
  });
});

describe('Kernel: scheduled callbacks', () => {
  it('run outside any fiber at their time, unless cancelled', () => {
    const k = newKernel();
    const trace = traceOf(k);
    const log: string[] = [];
    k.schedule(5, () => {
      log.push(`cb at ${k.now}, current ${String(k.current)}`);
      k.emit('test.cb');
      k.spawn(
        (function* () {
          log.push(`late at ${k.now}`);
          yield* preempt();
        })(),
        { name: 'late' },
      );
    });
    const s = k.schedule(3, () => log.push('cancelled'));
    s.cancelled = true;
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['cb at 5, current null', 'late at 5']);
    expect(trace).toEqual(['5 kernel test.cb', '5 late spawn', '5 late run', '5 late run', '5 late finish']);
    expect(k.now).toBe(5);
  });

  it('a callback scheduled in the past runs at the current instant', () => {
    const k = newKernel();
    const log: number[] = [];
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
        k.schedule(2, () => log.push(k.now));
        yield* sleepTicks(1);
      })(),
    );
    k.run();
    expect(log).toEqual([10]);
  });
});

describe('Kernel: trace', () => {
  function hashOf(bSleep: number, choices: number[] = []): { hash: string; count: number } {
    const k = newKernel({ strategy: 'replay', choices });
    const h = new TraceHasher();
    k.subscribe(h.listener);
    const q = new WaitQueue('q');
    k.spawn(
      (function* () {
        yield* block(q, 20);
        yield* sleepTicks(5);
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(bSleep);
        k.wakeAll(q);
        yield* sleepTicks(5);
      })(),
      { name: 'b' },
    );
    k.run();
    return { hash: h.digest(), count: h.count };
  }

  it('the trace hash is equal for equal runs', () => {
    expect(hashOf(5)).toEqual(hashOf(5));
    expect(hashOf(5).hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('the trace hash differs when one event differs', () => {
    const base = hashOf(5);
    const other = hashOf(6);
    expect(other.count).toBe(base.count);
    expect(other.hash).not.toBe(base.hash);
    // Same events, different order at a tie.
    const x = hashOf(20, [0, 0]);
    const y = hashOf(20, [0, 1]);
    expect(y.count).toBe(x.count);
    expect(y.hash).not.toBe(x.hash);
  });

  it('tracing follows the subscribers', () => {
    const k = newKernel();
    expect(k.tracing).toBe(false);
    const off1 = k.subscribe(() => {});
    const off2 = k.subscribe(() => {});
    expect(k.tracing).toBe(true);
    off1();
    expect(k.tracing).toBe(true);
    off2();
    expect(k.tracing).toBe(false);
    off2(); // twice is harmless
    expect(k.tracing).toBe(false);
  });

  it('a listener sees full records', () => {
    const k = newKernel();
    const records: unknown[] = [];
    k.subscribe((r) => records.push(r));
    const q = new WaitQueue('Q-1');
    k.spawn(
      (function* () {
        yield* block(q, 3);
      })(),
      { name: 'a' },
    );
    k.run();
    expect(records).toEqual([
      { time: 0, step: 0, fiber: 1, kind: 'spawn', obj: null, data: { name: 'a', pid: 1, daemon: false } },
      { time: 0, step: 1, fiber: 1, kind: 'run', obj: null, data: null },
      { time: 0, step: 1, fiber: 1, kind: 'block', obj: 'Q-1', data: { timeout: 3 } },
      { time: 3, step: 1, fiber: 1, kind: 'timeout', obj: 'Q-1', data: null },
      { time: 3, step: 2, fiber: 1, kind: 'run', obj: null, data: null },
      { time: 3, step: 2, fiber: 1, kind: 'finish', obj: null, data: null },
    ]);
  });

  it('with no subscribers no record is built', () => {
    const k = newKernel();
    const emitFor = vi.spyOn(k, 'emitFor');
    let labelReads = 0;
    const q = new WaitQueue('q');
    Object.defineProperty(q, 'label', {
      get: () => {
        labelReads++;
        return 'q';
      },
    });
    k.spawn(
      (function* () {
        yield* block(q, 5); // times out
        yield* block(q); // woken
        yield* computeTicks(10_000);
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(6);
        k.wakeAll(q);
        yield* computeTicks(10_000);
      })(),
      { name: 'b' },
    );
    expect(k.tracing).toBe(false);
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(emitFor).not.toHaveBeenCalled();
    expect(labelReads).toBe(0);
    expect(k.cpu.forcedSwitches).toBeGreaterThan(0);
  });

  it('the same run with a subscriber does read labels and emit', () => {
    const k = newKernel();
    let labelReads = 0;
    const q = new WaitQueue('q');
    Object.defineProperty(q, 'label', {
      get: () => {
        labelReads++;
        return 'q';
      },
    });
    const trace = traceOf(k);
    k.spawn(
      (function* () {
        yield* block(q, 5);
      })(),
    );
    k.run();
    expect(labelReads).toBe(2); // block and timeout
    expect(trace.length).toBe(6);
  });
});

describe('recorded choices', () => {
  it('grow past their initial capacity, and replaying them gives the same run', () => {
    const run = (o: Opts) => {
      const k = newKernel(o);
      const order: number[] = [];
      for (let i = 0; i < 40; i++) {
        k.spawn(
          (function* () {
            for (let j = 0; j < 10; j++) {
              order.push(i);
              yield* preempt();
            }
          })(),
        );
      }
      expect(k.run().kind).toBe('ok');
      return { order, choices: k.choices, decisions: k.decisions };
    };
    const a = run({ strategy: 'random', seed: 9 });
    expect(a.decisions).toBeGreaterThan(300);
    expect(a.choices.length).toBe(a.decisions);
    expect(Array.isArray(a.choices)).toBe(true);
    const b = run({ strategy: 'replay', choices: [...a.choices] });
    expect(b.order).toEqual(a.order);
    expect(b.choices).toEqual(a.choices);
  });
});

describe('syscall ops shared by every call', () => {
  it('each call keeps its own arguments and result, with many fibers suspended in the same op', () => {
    const k = newKernel({ strategy: 'random', seed: 3 });
    const q = new WaitQueue('q');
    const log: string[] = [];
    for (let i = 0; i < 6; i++) {
      k.spawn(
        (function* () {
          yield* sleepTicks(10 * (6 - i));
          log.push(`${i} slept to ${k.now}`);
          const v = yield* block(q, i % 2 === 0 ? null : 1000 + i);
          log.push(`${i} woke with ${String(v)} at ${k.now}`);
        })(),
        { name: `f${i}` },
      );
    }
    k.spawn(
      (function* () {
        yield* sleepTicks(100);
        k.wakeOne(q, 42);
        k.wakeOne(q, 'x');
        yield* preempt();
        k.wakeAll(q);
      })(),
      { name: 'waker' },
    );
    expect(k.run().kind).toBe('ok');
    expect(log.slice(0, 6)).toEqual([5, 4, 3, 2, 1, 0].map((i) => `${i} slept to ${10 * (6 - i)}`));
    // Who runs first after the wake-ups is the strategy's choice; what each got is not.
    expect(log.slice(6).sort()).toEqual([
      '0 woke with true at 100',
      '1 woke with true at 100',
      '2 woke with true at 100',
      '3 woke with true at 100',
      '4 woke with x at 100',
      '5 woke with 42 at 100',
    ]);
  });

  it('an op created while another waits to be driven does not disturb the first', () => {
    const k = newKernel();
    let caught = '';
    k.spawn(
      (function* () {
        const first = sleepTicks(7);
        try {
          sleepTicks(1000);
        } catch (e) {
          caught = (e as Error).message;
        }
        yield* first;
        return k.now;
      })(),
      { name: 'f' },
    );
    expect(k.run().kind).toBe('ok');
    expect(caught).toContain('sleepTicks() was called without yield*');
    expect(k.allFibers()[0]?.result).toBe(7);
  });
});

describe('undriven operations outside any fiber', () => {
  it('within reports an op created and not driven, instead of blaming the next fiber', () => {
    const k = newKernel();
    expect(() => k.within(() => sleepTicks(5))).toThrow(/sleepTicks\(\) was called without yield\*/);
    expect(k.undriven).toBeNull();
  });

  it('a scheduled callback that creates an op without driving it ends the run as an exception of the kernel', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
      })(),
      { name: 'sleeper' },
    );
    k.schedule(5, () => {
      preempt();
    });
    const v = expectException(k.run());
    expect(v.thread).toBe('kernel');
    expect(v.error.message).toMatch(/preempt\(\) was called without yield\*/);
  });
});

describe('per-run state', () => {
  it('RunLocal: created on first use, once per kernel, separately in each kernel', () => {
    let made = 0;
    const key = new RunLocal((k) => ({ n: ++made, k }));
    const a = newKernel();
    const b = newKernel();
    expect(made).toBe(0);
    const sa = a.local(key);
    expect(a.local(key)).toBe(sa);
    expect(sa).toEqual({ n: 1, k: a });
    expect(b.local(key)).toEqual({ n: 2, k: b });
    expect(made).toBe(2);
  });

  it("the scenario stream is seeded when first read, from the kernel's seed, independent of the schedule", () => {
    const draws = (k: Kernel) => [k.rng.next(), k.rng.next()];
    const x = draws(newKernel({ seed: 7 }));
    expect(draws(newKernel({ seed: 7, strategy: 'random' }))).toEqual(x);
    expect(draws(newKernel({ seed: 8 }))).not.toEqual(x);
  });
});
