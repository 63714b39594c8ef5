// Waking OS threads (engine/cpu.ts, engine/lifecycle.ts): the OS's wake-up on a core, its
// latency by how long the core was idle, the GIL taken back after a wait, the GIL released
// rather than handed over (drop_gil signals a waiter, its releaser waits for it, another
// thread may take it first), and a core kept for the rest of the instant after a burst.
import { describe, expect, it } from 'vitest';
import { Baton } from './baton.ts';
import { type CostModel, UNCALIBRATED_COSTS } from './costs.ts';
import { Kernel } from './kernel.ts';
import { makeStrategy } from './strategy.ts';
import { block, computeTicks, sleepTicks } from './syscalls.ts';
import { WaitQueue } from './wait-queue.ts';

const WAKES: CostModel = { ...UNCALIBRATED_COSTS, contextSwitch: 10, wakeIdle: 50, wakeIdleAfter: 200 };

function kernel(costs: CostModel, cores = 2): Kernel {
  return new Kernel({ strategy: makeStrategy({ strategy: 'fifo', seed: 0 }), cores, costs });
}

/** A waiter blocked on a queue from t=0, woken at `wakeAt` by a fiber of another process. */
function wokenAt(costs: CostModel, wakeAt: number) {
  const k = kernel(costs);
  const wq = new WaitQueue('q');
  const got: { value?: unknown; at?: number } = {};
  k.spawn(
    (function* () {
      got.value = yield* block(wq);
      got.at = k.now;
    })(),
    { name: 'waiter' },
  );
  k.spawn(
    (function* () {
      yield* sleepTicks(wakeAt);
      k.wakeOne(wq, 'data');
    })(),
    { name: 'waker', process: k.newProcess('other', true) },
  );
  expect(k.run()).toEqual({ kind: 'ok' });
  return { ...got, busy: k.cpu.busyTicks };
}

describe('waking an OS thread', () => {
  it('takes contextSwitch ticks on a core idle briefly, then a tick under the GIL; the wait returns the waker’s value', () => {
    // Both cores idle since 0: at 100 they have been idle less than wakeIdleAfter.
    expect(wokenAt(WAKES, 100)).toEqual({ value: 'data', at: 111, busy: 11 });
  });

  it('takes wakeIdle ticks on a core idle wakeIdleAfter or more', () => {
    expect(wokenAt(WAKES, 200)).toEqual({ value: 'data', at: 251, busy: 51 });
  });

  it('costs nothing with the ideal costs: the thread runs at once, with no GIL to take', () => {
    expect(wokenAt(UNCALIBRATED_COSTS, 200)).toEqual({ value: 'data', at: 200, busy: 0 });
  });

  it('a timed-out wait is a wake-up too, and returns false', () => {
    const k = kernel(WAKES);
    const wq = new WaitQueue('q');
    let got: unknown;
    let at = 0;
    k.spawn(
      (function* () {
        got = yield* block(wq, 30);
        at = k.now;
      })(),
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect([got, at]).toEqual([false, 41]);
  });
});

describe('the GIL released, not handed over', () => {
  it('a thread that releases the GIL to a signalled waiter does not take it back before the waiter is awake', () => {
    const log: string[] = [];
    const run = (costs: CostModel) => {
      const k = kernel(costs);
      // a computes 100 ticks, then at once 30 more; b asks for the GIL at 10 and waits.
      k.spawn(
        (function* () {
          yield* computeTicks(100);
          log.push(`a1 ${k.now}`);
          yield* computeTicks(30);
          log.push(`a2 ${k.now}`);
        })(),
        { name: 'a' },
      );
      k.spawn(
        (function* () {
          yield* sleepTicks(10);
          yield* computeTicks(20);
          log.push(`b ${k.now}`);
        })(),
        { name: 'b' },
      );
      expect(k.run()).toEqual({ kind: 'ok' });
      return k.cpu.busyTicks;
    };
    // a's release at 100 signals b, awake on the other core at 110 (the GIL free meanwhile);
    // a waits for b, which signals it at 130: a is awake at 140.
    expect(run(WAKES)).toBe(100 + 10 + 20 + 10 + 30);
    expect(log).toEqual(['a1 100', 'b 130', 'a2 170']);
    // With the ideal costs the GIL is handed to b at 100.
    log.length = 0;
    expect(run(UNCALIBRATED_COSTS)).toBe(150);
    expect(log).toEqual(['a1 100', 'b 120', 'a2 150']);
  });

  it('another thread takes the free GIL before the signalled waiter is awake, which then waits again', () => {
    const k = kernel(WAKES);
    const log: string[] = [];
    const thread = (name: string, start: number, ticks: number) =>
      k.spawn(
        (function* () {
          yield* sleepTicks(start);
          yield* computeTicks(ticks);
          log.push(`${name} ${k.now}`);
        })(),
        { name },
      );
    thread('a', 0, 100);
    thread('b', 10, 20); // waits for the GIL, signalled at 100, awake at 110
    thread('c', 105, 10); // back at 105: takes the free GIL until 115
    expect(k.run()).toEqual({ kind: 'ok' });
    // b, awake at 110, finds c holding the GIL and waits again; signalled at 115, awake at 125.
    expect(log).toEqual(['a 100', 'c 115', 'b 145']);
    expect(k.cpu.busyTicks).toBe(100 + 10 + 10 + 10 + 20);
  });
});

describe('a core kept for the rest of the instant', () => {
  /** On one core: a computes 10 ticks twice in a row; b, of another process, 5 ticks. */
  function twoBursts(costs: CostModel): Record<string, number> {
    const k = kernel(costs, 1);
    const ends: Record<string, number> = {};
    k.spawn(
      (function* () {
        yield* computeTicks(10);
        yield* computeTicks(10);
        ends['a'] = k.now;
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* computeTicks(5);
        ends['b'] = k.now;
      })(),
      { name: 'b', process: k.newProcess('other', true) },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    return ends;
  }

  it('a thread that computes again at once keeps its core; a waiting process gets it when the thread blocks', () => {
    expect(twoBursts(WAKES)).toEqual({ a: 20, b: 25 });
  });

  it('with the ideal costs the core goes to the waiting process between the bursts', () => {
    expect(twoBursts(UNCALIBRATED_COSTS)).toEqual({ a: 25, b: 15 });
  });
});

describe('waking a greenlet', () => {
  /** Greenlets g1, g2 of one hub blocked from t=0; a thread of another process wakes them at 300, or one greenlet at 300 and the other from g1. */
  function greenletsWoken(fromG1: boolean) {
    const k = kernel(WAKES);
    const hub = new Baton('hub');
    const a = new WaitQueue('a');
    const b = new WaitQueue('b');
    const at: Record<string, number> = {};
    k.spawn(
      (function* () {
        yield* block(a);
        at.g1 = k.now;
        if (fromG1) k.wakeOne(b);
      })(),
      { name: 'g1', baton: hub, cooperative: true },
    );
    k.spawn(
      (function* () {
        yield* block(b);
        at.g2 = k.now;
      })(),
      { name: 'g2', baton: hub, cooperative: true },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(300);
        k.wakeOne(a);
        if (!fromG1) k.wakeOne(b);
      })(),
      { name: 'waker', process: k.newProcess('other', true) },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    return at;
  }

  it('wakes the hub’s OS thread first when the hub sat in its poll, once for all the greenlets it wakes, which run in turn', () => {
    // wakeIdle (both cores idle 300 ≥ wakeIdleAfter) and a tick under the GIL, then g1 and g2.
    expect(greenletsWoken(false)).toEqual({ g1: 351, g2: 351 });
  });

  it('switches at once to a greenlet woken while its hub runs', () => {
    expect(greenletsWoken(true)).toEqual({ g1: 351, g2: 351 });
  });
});
