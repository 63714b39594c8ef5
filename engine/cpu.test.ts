import { describe, expect, it } from 'vitest';
import { Kernel, type KernelOptions } from './kernel.ts';
import type { SimProcess } from './process.ts';
import { makeStrategy } from './strategy.ts';
import { block, computeTicks, sleepTicks } from './syscalls.ts';
import { WaitQueue } from './wait-queue.ts';

const MS = 1_000;

function newKernel(o: Partial<Omit<KernelOptions, 'strategy'>> = {}): Kernel {
  return new Kernel({ ...o, strategy: makeStrategy({ strategy: 'fifo', seed: 0 }) });
}

function traceOf(k: Kernel): string[] {
  const out: string[] = [];
  k.subscribe((r) => out.push(`${r.time} ${k.fiberName(r.fiber)} ${r.kind}`));
  return out;
}

/** Spawns one fiber per entry, each computing `ticks`; returns when each finished. */
function computeAll(k: Kernel, jobs: readonly (readonly [name: string, process: SimProcess, ticks: number])[]) {
  const ends: Record<string, number> = {};
  for (const [name, process, ticks] of jobs) {
    k.spawn(
      (function* () {
        yield* computeTicks(ticks);
        ends[name] = k.now;
      })(),
      { name, process },
    );
  }
  return ends;
}

describe('Cpu: the GIL', () => {
  it('two CPU-bound fibers of one GIL process take turns in 5 ms slices and finish at ~200 ms', () => {
    const k = newKernel({ cores: 2 });
    const ends = computeAll(k, [
      ['a', k.mainProcess, 100 * MS],
      ['b', k.mainProcess, 100 * MS],
    ]);
    expect(k.run()).toEqual({ kind: 'ok' });
    // a: slices 0–5, 10–15, …, 190–195 ms (20 slices); b: 5–10, …, 185–190, then its last
    // slice runs alone from 195 to 200 ms.
    expect(ends).toEqual({ a: 195 * MS, b: 200 * MS });
    // Every slice but a's last and b's last ended in a forced switch: 40 - 2.
    expect(k.cpu.forcedSwitches).toBe(38);
    expect(k.cpu.busyTicks).toBe(200 * MS);
    expect(k.now).toBe(200 * MS);
  });

  it('the hand-off is exact, slice by slice', () => {
    const k = newKernel({ cores: 2 });
    const trace = traceOf(k);
    computeAll(k, [
      ['a', k.mainProcess, 7 * MS],
      ['b', k.mainProcess, 7 * MS],
    ]);
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(trace).toEqual([
      '0 a spawn',
      '0 b spawn',
      '0 a run',
      '0 a cpu.run',
      '0 b run',
      '0 b cpu.wait', // a's slice is cut to end at 5 ms
      '5000 a cpu.switch',
      '5000 b cpu.run',
      '10000 b cpu.switch',
      '10000 a cpu.run',
      '12000 a cpu.done',
      '12000 b cpu.run',
      '12000 a run',
      '12000 a finish',
      '14000 b cpu.done',
      '14000 b run',
      '14000 b finish',
    ]);
    expect(k.cpu.forcedSwitches).toBe(2);
    expect(k.cpu.busyTicks).toBe(14 * MS);
  });

  it('the switch interval is a kernel option', () => {
    const k = newKernel({ switchInterval: 1 * MS });
    const ends = computeAll(k, [
      ['a', k.mainProcess, 3 * MS],
      ['b', k.mainProcess, 3 * MS],
    ]);
    k.run();
    expect(k.cpu.switchInterval).toBe(1 * MS);
    // a 0–1, b 1–2, a 2–3, b 3–4, a 4–5 (done), b 5–6 (done).
    expect(ends).toEqual({ a: 5 * MS, b: 6 * MS });
    expect(k.cpu.forcedSwitches).toBe(4);
  });

  it('a lone CPU-bound fiber keeps the GIL for its whole work: no forced switch', () => {
    const k = newKernel();
    const ends = computeAll(k, [['a', k.mainProcess, 100 * MS]]);
    k.run();
    expect(ends).toEqual({ a: 100 * MS });
    expect(k.cpu.forcedSwitches).toBe(0);
  });

  it('a request for the GIL cuts the holder’s slice one switch interval after the request', () => {
    const k = newKernel();
    const ends: Record<string, number> = {};
    k.spawn(
      (function* () {
        yield* computeTicks(20 * MS);
        ends['a'] = k.now;
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(3 * MS);
        yield* computeTicks(1 * MS);
        ends['b'] = k.now;
      })(),
      { name: 'b' },
    );
    k.run();
    // b asks at 3 ms; a drops the GIL at 8 ms; b runs 8–9 ms; a finishes its last 12 ms.
    expect(ends).toEqual({ b: 9 * MS, a: 21 * MS });
    expect(k.cpu.forcedSwitches).toBe(1);
  });
});

describe('Cpu: processes and cores', () => {
  it('two GIL processes run in parallel on 2 cores and finish at 100 ms', () => {
    const k = newKernel({ cores: 2 });
    const p1 = k.newProcess('P1', true);
    const p2 = k.newProcess('P2', true);
    const ends = computeAll(k, [
      ['a', p1, 100 * MS],
      ['b', p2, 100 * MS],
    ]);
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(ends).toEqual({ a: 100 * MS, b: 100 * MS });
    expect(k.cpu.forcedSwitches).toBe(0);
    expect(k.cpu.busyTicks).toBe(200 * MS);
  });

  it('three processes on 2 cores finish at 100, 100 and 200 ms', () => {
    const k = newKernel({ cores: 2 });
    const trace = traceOf(k);
    const ps = [k.newProcess('P1', true), k.newProcess('P2', true), k.newProcess('P3', true)];
    const ends = computeAll(k, [
      ['a', ps[0] as SimProcess, 100 * MS],
      ['b', ps[1] as SimProcess, 100 * MS],
      ['c', ps[2] as SimProcess, 100 * MS],
    ]);
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(ends).toEqual({ a: 100 * MS, b: 100 * MS, c: 200 * MS });
    expect(trace.filter((l) => l.includes(' cpu.'))).toEqual([
      '0 a cpu.run',
      '0 b cpu.run',
      '0 c cpu.wait', // for a core
      '100000 a cpu.done',
      '100000 c cpu.run', // takes a's core
      '100000 b cpu.done',
      '200000 c cpu.done',
    ]);
    expect(k.cpu.forcedSwitches).toBe(0);
    expect(k.cpu.busyTicks).toBe(300 * MS);
  });

  it('one core serialises even separate processes', () => {
    const k = newKernel({ cores: 1 });
    const ends = computeAll(k, [
      ['a', k.newProcess('P1', true), 10 * MS],
      ['b', k.newProcess('P2', true), 10 * MS],
    ]);
    k.run();
    expect(ends).toEqual({ a: 10 * MS, b: 20 * MS });
  });

  it('a GIL-free process runs its fibers in parallel', () => {
    const k = newKernel({ cores: 2 });
    const free = k.newProcess('free', false);
    expect(free.gil).toBe(false);
    const ends = computeAll(k, [
      ['a', free, 100 * MS],
      ['b', free, 100 * MS],
    ]);
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(ends).toEqual({ a: 100 * MS, b: 100 * MS });
    expect(k.cpu.forcedSwitches).toBe(0);
    expect(free.gilHolder).toBe(null);
  });

  it('a GIL-free process is still bounded by the cores', () => {
    const k = newKernel({ cores: 2 });
    const free = k.newProcess('free', false);
    const ends = computeAll(k, [
      ['a', free, 100 * MS],
      ['b', free, 100 * MS],
      ['c', free, 100 * MS],
    ]);
    k.run();
    expect(ends).toEqual({ a: 100 * MS, b: 100 * MS, c: 200 * MS });
    expect(k.cpu.busyTicks).toBe(300 * MS);
  });

  it('newProcess numbers processes after the main one', () => {
    const k = newKernel();
    expect([k.mainProcess.pid, k.mainProcess.name, k.mainProcess.gil]).toEqual([1, 'MainProcess', true]);
    const p = k.newProcess('worker', true);
    expect([p.pid, p.name]).toEqual([2, 'worker']);
    k.spawn(
      (function* () {
        yield* sleepTicks(1);
      })(),
      { process: p },
    );
    expect(p.live).toBe(1);
    k.run();
    expect(p.live).toBe(0);
  });
});

describe('Cpu: sleeping and blocking release the GIL', () => {
  it('a sleeping fiber does not hold the GIL', () => {
    const k = newKernel();
    const ends: Record<string, number> = {};
    k.spawn(
      (function* () {
        yield* sleepTicks(50 * MS);
        ends['sleeper'] = k.now;
      })(),
      { name: 'sleeper' },
    );
    k.spawn(
      (function* () {
        yield* computeTicks(100 * MS);
        ends['worker'] = k.now;
      })(),
      { name: 'worker' },
    );
    k.run();
    expect(ends).toEqual({ sleeper: 50 * MS, worker: 100 * MS });
    expect(k.cpu.forcedSwitches).toBe(0);
    expect(k.cpu.busyTicks).toBe(100 * MS);
  });

  it('compute, sleep, compute: the sleep overlaps the other fiber’s work', () => {
    const k = newKernel();
    const ends: Record<string, number> = {};
    k.spawn(
      (function* () {
        yield* computeTicks(10 * MS);
        yield* sleepTicks(50 * MS);
        yield* computeTicks(10 * MS);
        ends['a'] = k.now;
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* computeTicks(100 * MS);
        ends['b'] = k.now;
      })(),
      { name: 'b' },
    );
    k.run();
    // a 0–5, b 5–10, a 10–15 (done; sleeps to 65), b 15–70 (cut: a asked at 65),
    // a 70–75, b 75–80, a 80–85 (done), b 85–120 (its last 35 ms).
    expect(ends).toEqual({ a: 85 * MS, b: 120 * MS });
    expect(k.cpu.forcedSwitches).toBe(5);
    expect(k.cpu.busyTicks).toBe(120 * MS);
  });

  it('a fiber blocked on a wait queue does not hold the GIL', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    const ends: Record<string, number> = {};
    k.spawn(
      (function* () {
        yield* computeTicks(2 * MS);
        yield* block(q);
        yield* computeTicks(2 * MS);
        ends['waiter'] = k.now;
      })(),
      { name: 'waiter' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(3 * MS); // the waiter is blocked by then
        yield* computeTicks(30 * MS);
        k.wakeAll(q);
        ends['worker'] = k.now;
      })(),
      { name: 'worker' },
    );
    k.run();
    expect(ends).toEqual({ worker: 33 * MS, waiter: 35 * MS });
    expect(k.cpu.forcedSwitches).toBe(0);
  });

  it('zero CPU work needs neither GIL nor core', () => {
    const k = newKernel({ cores: 1 });
    const ends = computeAll(k, [
      ['a', k.mainProcess, 10 * MS],
      ['z', k.mainProcess, 0],
    ]);
    k.run();
    expect(ends).toEqual({ z: 0, a: 10 * MS });
    expect(k.cpu.forcedSwitches).toBe(0);
  });
});

describe('Cpu: busyTicks', () => {
  it('counts core time only, across slices, fibers and processes', () => {
    const k = newKernel({ cores: 2 });
    const p = k.newProcess('P', true);
    k.spawn(
      (function* () {
        for (let i = 0; i < 3; i++) {
          yield* computeTicks(10 * MS);
          yield* sleepTicks(100 * MS); // idle: not counted
        }
      })(),
      { name: 'a' },
    );
    computeAll(k, [
      ['b', k.mainProcess, 7 * MS],
      ['c', p, 13 * MS],
    ]);
    k.run();
    expect(k.cpu.busyTicks).toBe(30 * MS + 7 * MS + 13 * MS);
    expect(k.cpu.cores).toBe(2);
  });
});

describe('Cpu: core time by process', () => {
  it("books each process's core time to it, and they add up to busyTicks", () => {
    const k = newKernel({ cores: 2 });
    const other = k.newProcess('other', true);
    computeAll(k, [
      ['a', k.mainProcess, 30 * MS],
      ['b', k.mainProcess, 20 * MS],
      ['c', other, 70 * MS],
    ]);
    expect(k.run()).toEqual({ kind: 'ok' });
    expect([k.mainProcess.busyTicks, other.busyTicks]).toEqual([50 * MS, 70 * MS]);
    expect(k.cpu.busyTicks).toBe(120 * MS);
  });
});
