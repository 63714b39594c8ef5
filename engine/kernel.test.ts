import { describe, expect, it, vi } from 'vitest';
import { activeKernel, kernel } from './context.ts';
import { NoKernelError } from './errors.ts';
import type { Kernel } from './kernel.ts';
import { block, computeTicks, preempt, sleepTicks } from './syscalls.ts';
import { expectException, newKernel, type Opts, traceOf } from './testing.ts';
import { TraceHasher } from './trace.ts';
import { WaitQueue } from './wait-queue.ts';

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
    // Finished threads are let go, their names kept.
    expect(k.allFibers()).toEqual([]);
    expect(k.fiberNames()).toEqual(['a', 'b']);
    expect([k.fiber(1), k.fiberName(2)]).toEqual([null, 'b']);
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

describe('Kernel: verdicts', () => {
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
      k.emitFor(0, 'test.cb', null, null);
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

describe('per-run state', () => {
  it("the scenario stream is seeded when first read, from the kernel's seed, independent of the schedule", () => {
    const draws = (k: Kernel) => [k.rng.next(), k.rng.next()];
    const x = draws(newKernel({ seed: 7 }));
    expect(draws(newKernel({ seed: 7, strategy: 'random' }))).toEqual(x);
    expect(draws(newKernel({ seed: 8 }))).not.toEqual(x);
  });
});
