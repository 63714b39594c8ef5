// The costed CPU (engine/os-cpu.ts, engine/gil.ts, engine/futex.ts): the OS's wake-up of a
// blocked thread by how long the core it lands on was idle, the GIL kept between computations and
// handed over through its condition variable when its holder blocks, forced switching after the
// switch interval, time slices and wake-up preemption, a core kept for the rest of the instant,
// greenlets as one OS thread, and the convoy that drop_gil's signal under the GIL's mutex makes
// on two cores and not on one. Costs without spread (`osJitter` 0), so that times are exact.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Baton } from './baton.ts';
import { CALIBRATED_COSTS, type CostModel, UNCALIBRATED_COSTS } from './costs.ts';
import { Kernel } from './kernel.ts';
import type { OsCpu } from './os-cpu.ts';
import type { SimProcess } from './process.ts';
import { makeStrategy } from './strategy.ts';
import { block, computeTicks, sleepTicks, syscallTicks } from './syscalls.ts';
import { WaitQueue } from './wait-queue.ts';

const WAKES: CostModel = {
  ...UNCALIBRATED_COSTS,
  contextSwitch: 10,
  wakeIdle: 50,
  wakeIdleAfter: 200,
  wakeLatency: 2,
  switchCost: 4,
  wakeSignal: 6,
  wakeSignalIdle: 16,
  timeSlice: 750,
  osJitter: 0,
};

function kernel(costs: CostModel, cores = 2, seed = 0): Kernel {
  return new Kernel({ strategy: makeStrategy({ strategy: 'fifo', seed }), cores, costs, seed });
}

/** Spawns `name` (in the main process unless told): it sleeps `after` ticks, computes each of `bursts` in turn, and records when it ends. */
function job(
  k: Kernel,
  ends: Record<string, number>,
  name: string,
  bursts: readonly number[],
  o: { after?: number; process?: SimProcess } = {},
): void {
  k.spawn(
    (function* () {
      if (o.after !== undefined) yield* sleepTicks(o.after);
      for (const b of bursts) yield* computeTicks(b);
      ends[name] = k.now;
    })(),
    { name, ...(o.process === undefined ? {} : { process: o.process }) },
  );
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
  it('takes contextSwitch ticks end to end onto a core idle briefly, the switch into it on the core, then a tick under the GIL', () => {
    // Runnable at 108 (contextSwitch less the switch-in), switched in until 110, a tick of Python.
    expect(wokenAt(WAKES, 100)).toEqual({ value: 'data', at: 111, busy: 2 + 1 });
  });

  it('takes wakeIdle ticks onto a core idle wakeIdleAfter or more', () => {
    expect(wokenAt(WAKES, 200)).toEqual({ value: 'data', at: 251, busy: 2 + 1 });
  });

  it('costs nothing with the ideal costs: the thread runs at once, with no GIL to take', () => {
    expect(wokenAt(UNCALIBRATED_COSTS, 200)).toEqual({ value: 'data', at: 200, busy: 0 });
  });

  it('a thread that wakes several from Python makes their wake-ups one by one, paying wakeSignal for each before the next', () => {
    const k = kernel(WAKES, 4);
    const wq = new WaitQueue('q');
    const at: number[] = [];
    for (let i = 0; i < 3; i++) {
      k.spawn(
        (function* () {
          yield* block(wq);
          at.push(k.now);
        })(),
        { name: `w${i}` },
      );
    }
    k.spawn(
      (function* () {
        yield* computeTicks(50);
        k.wakeAll(wq);
        yield* block(new WaitQueue('never'), 200);
      })(),
      { name: 'waker', process: k.newProcess('other', true) },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    // Each onto an idle core: runnable contextSwitch less the switch-in after its wake-up, then
    // the switch in and a tick of Python; the wake-ups themselves wakeSignal (6) apart.
    expect(at.map((t) => t - (at[0] as number))).toEqual([0, 6, 12]);
  });

  describe('a thread switched in after a sleep finds its caches cold (coldResume, coldAfter, firstResume)', () => {
    /** The core time of a thread that runs, blocks, is woken at `first`, blocks again and is woken `second` later. */
    function wokenTwice(costs: CostModel, first: number, second: number): number {
      const k = kernel(costs);
      const wq = new WaitQueue('q');
      k.spawn(
        (function* () {
          yield* computeTicks(1);
          yield* block(wq);
          yield* block(wq);
        })(),
        { name: 'waiter' },
      );
      k.spawn(
        (function* () {
          yield* sleepTicks(first);
          k.wakeOne(wq, 'data');
          yield* sleepTicks(second);
          k.wakeOne(wq, 'data');
        })(),
        { name: 'waker', process: k.newProcess('other', true) },
      );
      expect(k.run()).toEqual({ kind: 'ok' });
      return k.cpu.busyTicks;
    }
    const extra = (costs: Partial<CostModel>, second: number) =>
      wokenTwice({ ...WAKES, ...costs }, 1000, second) - wokenTwice(WAKES, 1000, second);

    it('pays coldResume at each wake-up once it has slept long, and firstResume more at its first', () => {
      expect(extra({ coldResume: 20, coldAfter: 1, firstResume: 7 }, 1000)).toBe(20 + 7 + 20);
    });

    it('pays more the longer it slept, up to coldResume', () => {
      const cold = { coldResume: 20, coldAfter: 1000 };
      const short = extra(cold, 100);
      const long = extra(cold, 1000);
      const longer = extra(cold, 5000);
      expect(short).toBeLessThan(long);
      expect(long).toBeLessThan(longer);
      expect(longer - short).toBeLessThanOrEqual(20);
    });
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

  it('varies the OS costs within ±osJitter, the same for the same seed', () => {
    const at = (seed: number) => {
      const k = kernel({ ...WAKES, osJitter: 0.5 }, 2, seed);
      const wq = new WaitQueue('q');
      const times: number[] = [];
      k.spawn(
        (function* () {
          for (let i = 0; i < 20; i++) {
            yield* block(wq, 100);
            times.push(k.now);
          }
        })(),
      );
      expect(k.run()).toEqual({ kind: 'ok' });
      return times.map((t, i) => t - (i === 0 ? 0 : (times[i - 1] as number)) - 100);
    };
    // Each wake: 8 ± 4 ticks to be runnable, 2 ± 1 to switch in, a tick of Python.
    const gaps = at(1);
    expect(new Set(gaps).size).toBeGreaterThan(1);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(4 + 1 + 1);
    for (const g of gaps) expect(g).toBeLessThanOrEqual(12 + 3 + 1);
    expect(at(1)).toEqual(gaps);
    expect(at(2)).not.toEqual(gaps);
  });
});

describe('where a woken thread runs', () => {
  /** A token passed round a ring of `n` threads (each wakes the next, then blocks): virtual time per hop. */
  function ringHop(n: number): number {
    const k = kernel(WAKES);
    const qs = Array.from({ length: n }, (_, i) => new WaitQueue(`q${i}`));
    const hops = 400;
    let left = hops;
    let start = 0;
    let end = 0;
    qs.forEach((q, i) => {
      k.spawn(
        (function* () {
          for (;;) {
            yield* block(q);
            if (left-- <= 0) {
              end = k.now;
              for (const o of qs) k.wakeAll(o);
              return;
            }
            yield* computeTicks(2);
            k.wakeOne(qs[(i + 1) % n] as WaitQueue);
          }
        })(),
        { name: `t${i}` },
      );
    });
    k.spawn(
      (function* () {
        yield* sleepTicks(1000);
        start = k.now;
        k.wakeOne(qs[0] as WaitQueue);
      })(),
      { name: 'start' },
    );
    k.run();
    return (end - start) / hops;
  }

  it('on the idle core the OS chose when it woke it: a ring of threads hops from core to core, each idle only a hop', () => {
    // A hop: the wake onto a core idle briefly (contextSwitch 10, half of it the switch in) and
    // 2 ticks of work; never wakeIdle's 50, whatever the ring's size. (Placed on the core it
    // last ran on once that was free, it paid the other core's deep-idle wake at every hop.)
    for (const n of [2, 10, 50]) {
      expect(ringHop(n)).toBeGreaterThan(10);
      expect(ringHop(n)).toBeLessThan(20);
    }
  });
});

describe('a socket’s wake-up: made by its sender, with WF_SYNC (Kernel.scheduleFor)', () => {
  /**
   * A reader computes a tick on core 0 and blocks; a sender of another process computes a tick
   * on core 1, sleeps, and wakes the reader at 100 — from a delivery made for it (`scheduleFor`,
   * as a loopback segment is) or directly — then computes 5000 ticks alone on its core, the
   * reader's idle. When the reader runs again, and the sender's CPU.
   */
  function woken(how: 'delivery' | 'direct' | 'none', llcCores: number, schedTick = 1000, work = 5000) {
    const k = kernel({ ...WAKES, llcCores, schedTick });
    const wq = new WaitQueue('q');
    const other = k.newProcess('other', true);
    let at = -1;
    let workEnd = -1;
    k.spawn(
      (function* () {
        yield* computeTicks(1);
        yield* block(wq, 30_000);
        at = k.now;
      })(),
      { name: 'reader' },
    );
    k.spawn(
      (function* () {
        yield* computeTicks(1);
        yield* sleepTicks(99);
        const me = k.current;
        if (how === 'delivery') k.scheduleFor(me, k.now, () => k.wakeOne(wq));
        else if (how === 'direct') k.wakeOne(wq);
        yield* computeTicks(work);
        workEnd = k.now;
        yield* computeTicks(1); // a waker pays with its next computation (see os-cpu.ts)
      })(),
      { name: 'sender', process: other },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    return { at, workEnd, sender: other.busyTicks };
  }

  it('draws the reader onto the sender’s busy core, though its own is idle: it runs when the idle core pulls it, at the busy core’s next tick', () => {
    // The tick at 1000; the switch into it (2) and its tick of Python.
    expect(woken('delivery', 1).at).toBe(1000 + 2 + 1);
  });

  test.prop([fc.integer({ min: 150, max: 6000 }), fc.integer({ min: 10, max: 1200 })])(
    'the reader runs when the sender’s core is free, or at its first tick after the wake-up, whichever comes first (within the sender’s slice)',
    (schedTick, work) => {
      const { at, workEnd } = woken('delivery', 1, schedTick, work);
      const free = Math.min((Math.floor(100 / schedTick) + 1) * schedTick, workEnd);
      // Then the sender's last tick and its wake-up's cost (6), the switches (2 + 2), a tick of Python.
      expect(at).toBeGreaterThan(free);
      expect(at).toBeLessThanOrEqual(free + 1 + 6 + 4 + 1);
    },
  );

  it('a plain wake-up sends the reader to the idle core it last ran on', () => {
    // A wake-up onto an idle core: contextSwitch (10) end to end, give or take the sender's own.
    expect(woken('direct', 1).at).toBeLessThan(100 + 20);
  });

  it('with a shared cache (llcCores above 1) the OS finds the idle core for a sync wake-up too', () => {
    expect(woken('delivery', 2).at).toBe(woken('direct', 2).at);
  });

  it('the sender pays for the wake-up (wakeSignal), as the thread that made it', () => {
    const none = woken('none', 1).sender;
    expect(woken('delivery', 1).sender).toBe(none + WAKES.wakeSignal);
    expect(woken('direct', 1).sender).toBe(none + WAKES.wakeSignal);
  });
});

describe('the GIL, as CPython 3.11 takes and drops it', () => {
  /** a computes 100 ticks then 30 more at once; b, of the same process, asks for the GIL at 10. */
  function holdAndWait(costs: CostModel) {
    const k = kernel(costs);
    const log: string[] = [];
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
    return { log, busy: k.cpu.busyTicks, switches: (k.cpu as OsCpu).voluntarySwitches };
  }

  it('a thread keeps the GIL from one computation to the next; a waiter sleeps on the condition variable until the holder drops it', () => {
    // a switched in until 2, computes to 102 and on to 132, then ends: drop_gil signals b (asleep
    // on the condition variable since 14) and pays wakeSignal until 138; b is runnable on its idle
    // core at 140 (contextSwitch less the switch-in), switched in at 142, computes to 162.
    expect(holdAndWait(WAKES)).toEqual({
      log: ['a1 102', 'a2 132', 'b 162'],
      busy: 2 + 130 + 6 + (2 + 2) + (2 + 20),
      switches: 1,
    });
  });

  it('with the ideal costs the GIL is handed to the waiter as soon as a computation ends', () => {
    const k = holdAndWait(UNCALIBRATED_COSTS);
    expect(k.log).toEqual(['a1 100', 'b 120', 'a2 150']);
  });

  it('two CPU-bound threads take turns at the switch interval: the waiter’s timed wait runs out and it asks for a drop', () => {
    const k = new Kernel({
      strategy: makeStrategy({ strategy: 'fifo', seed: 0 }),
      cores: 2,
      costs: WAKES,
      switchInterval: 1000,
    });
    const ends: Record<string, number> = {};
    for (const name of ['a', 'b']) {
      k.spawn(
        (function* () {
          yield* computeTicks(3000);
          ends[name] = k.now;
        })(),
        { name },
      );
    }
    expect(k.run()).toEqual({ kind: 'ok' });
    const cpu = k.cpu as OsCpu;
    // Every interval the holder drops the GIL and waits until the other has it: 6 ms of work
    // in turns, with the wake-ups between.
    expect(cpu.forcedSwitches).toBeGreaterThanOrEqual(4);
    expect(cpu.forcedSwitches).toBeLessThanOrEqual(6);
    expect(Math.max(ends['a'] as number, ends['b'] as number)).toBeGreaterThan(6000);
    expect(Math.max(ends['a'] as number, ends['b'] as number)).toBeLessThan(6200);
  });
});

describe('the OS scheduler', () => {
  it("books each process's core time to it (work, switches, wake-ups), adding up to busyTicks", () => {
    const k = kernel(WAKES);
    const other = k.newProcess('other', true);
    const ends: Record<string, number> = {};
    job(k, ends, 'a', [100, 50]);
    job(k, ends, 'b', [30], { after: 10 });
    job(k, ends, 'c', [200], { process: other });
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(k.mainProcess.busyTicks + other.busyTicks).toBe(k.cpu.busyTicks);
    expect(k.mainProcess.busyTicks).toBeGreaterThanOrEqual(180);
    expect(other.busyTicks).toBeGreaterThanOrEqual(200);
    expect(other.busyTicks).toBeLessThan(210);
  });

  it('a woken thread waits for the running thread’s slice while that thread is eligible, then runs first', () => {
    // One core: a computes 3000 ticks in slices of timeSlice; c, of another process, wants the
    // core at 1000; a is alone on the core (eligible), so c waits for a's slice to end.
    const k = kernel(WAKES, 1);
    const ends: Record<string, number> = {};
    job(k, ends, 'a', [3000]);
    job(k, ends, 'c', [5], { after: 1000, process: k.newProcess('other', true) });
    expect(k.run()).toEqual({ kind: 'ok' });
    // a's slice (750 ticks on one core) ends at 750 with nobody waiting and again at 1500, when c
    // (placed at the average, a's virtual runtime at 1000) is behind it: c switches in (2) and
    // computes 5; a switches in again (2) at 1509 and does the 1502 ticks it has left.
    expect(ends['c']).toBe(1507);
    expect(ends['a']).toBe(1509 + 1502);
    expect((k.cpu as OsCpu).involuntarySwitches).toBe(1);
  });

  it('a thread that computes again at once keeps its core; a waiting process gets it when the thread blocks', () => {
    const k = kernel(WAKES, 1);
    const ends: Record<string, number> = {};
    job(k, ends, 'a', [10, 10]);
    job(k, ends, 'b', [5], { process: k.newProcess('other', true) });
    expect(k.run()).toEqual({ kind: 'ok' });
    // a: switched in (2), 20 ticks, and ends; b switched in (2), 5 ticks.
    expect(ends).toEqual({ a: 22, b: 29 });
  });
});

describe('the GIL convoy (reports/calibrate/MEASUREMENTS-2026-12-07.md, sessions 4 and 5)', () => {
  /** `threads` threads of one process, released together, each run 200 rounds of a tick of Python and a system call that releases the GIL. */
  function calls(threads: number, cores: number) {
    const k = new Kernel({
      strategy: makeStrategy({ strategy: 'fifo', seed: 1 }),
      cores,
      costs: CALIBRATED_COSTS,
      seed: 1,
    });
    const n = 200;
    const go = new WaitQueue('go');
    for (let i = 0; i < threads; i++) {
      k.spawn(
        (function* () {
          yield* block(go);
          for (let j = 0; j < n; j++) {
            yield* computeTicks(1);
            yield* syscallTicks(3);
          }
        })(),
        { name: `t${i}` },
      );
    }
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
        k.wakeAll(go);
      })(),
      { name: 'go' },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    const cpu = k.cpu as OsCpu;
    return { perCall: cpu.busyTicks / (threads * n), sleeps: cpu.voluntarySwitches / (threads * n) };
  }

  // CPython does (gil_contention.py: 3.1 wake-ups a round at 30 threads, 5.4 at 100, and 41–65 µs
  // of CPU a round against 7.4 alone). What keeps the convoy going is glibc's condition variable:
  // a drop_gil whose group of signalled waiters is used up blocks, holding the GIL's mutex, until
  // those waiters have run (engine/futex.ts; MEASUREMENTS-2026-12-07.md, session 9).
  it('on two cores, many threads calling into the OS fall asleep on the GIL at nearly every call, and each round costs several times its work', () => {
    const c = calls(60, 2);
    expect(c.sleeps).toBeGreaterThan(1.5);
    expect(c.perCall).toBeGreaterThan(5 * 4);
  });

  it('on one core they never do: nobody can take the GIL during another’s system call', () => {
    const c = calls(60, 1);
    expect(c.sleeps).toBeLessThan(0.05);
    expect(c.perCall).toBeLessThan(4 * 1.3);
  });
});

describe('greenlets: one OS thread', () => {
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
    // wakeIdle end to end (both cores idle 300 ≥ wakeIdleAfter) and a tick under the GIL, then g1 and g2.
    expect(greenletsWoken(false)).toEqual({ g1: 351, g2: 351 });
  });

  it('switches at once to a greenlet woken while its hub runs', () => {
    expect(greenletsWoken(true)).toEqual({ g1: 351, g2: 351 });
  });
});
