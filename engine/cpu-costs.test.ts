import { describe, expect, it } from 'vitest';
import { type DEFAULT_COSTS, UNCALIBRATED_COSTS } from './costs.ts';
import { Kernel } from './kernel.ts';
import { makeStrategy } from './strategy.ts';
import { computeTicks } from './syscalls.ts';

const MS = 1_000;
const FREE = { ...UNCALIBRATED_COSTS };

function run(costs: typeof DEFAULT_COSTS, jobs: readonly (readonly [string, 'same' | 'own', number])[]) {
  const k = new Kernel({ strategy: makeStrategy({ strategy: 'fifo', seed: 0 }), cores: 2, costs });
  const ends: Record<string, number> = {};
  for (const [name, where, ticks] of jobs) {
    const process = where === 'same' ? k.mainProcess : k.newProcess(name, true);
    k.spawn(
      (function* () {
        yield* computeTicks(ticks);
        ends[name] = k.now;
      })(),
      { name, process },
    );
  }
  expect(k.run()).toEqual({ kind: 'ok' });
  return { ends, k };
}

describe('Cpu: costs', () => {
  it('parallelSlowdown stretches work by 1 + s per other busy core: two processes on two cores', () => {
    const alone = run({ ...FREE, parallelSlowdown: 0.1 }, [['a', 'own', 100 * MS]]);
    expect(alone.ends).toEqual({ a: 100 * MS });
    const both = run({ ...FREE, parallelSlowdown: 0.1 }, [
      ['a', 'own', 100 * MS],
      ['b', 'own', 100 * MS],
    ]);
    // Slices are cut at the 5 ms switch interval while the stretch applies: a's first starts
    // alone (b has no core yet at that instant), the rest beside b, 1.1 times as long:
    // 5 + 95 × 1.1 = 109.5 ms; b, beside a until then and alone after: 110.01 ms.
    expect(both.ends).toEqual({ a: 109_510, b: 110_010 });
  });

  it('gilHandoff is paid by each thread that takes the GIL from another', () => {
    const { ends, k } = run({ ...FREE, gilHandoff: 100 }, [
      ['a', 'same', 7 * MS],
      ['b', 'same', 7 * MS],
    ]);
    // Three hand-offs (a→b at 5 ms, b→a at 10 ms, a→b at 12.1 ms), 100 µs each.
    expect(ends).toEqual({ a: 12_100, b: 14_300 });
    expect(k.cpu.busyTicks).toBe(14_300);
  });

  it('fractional costs round to whole ticks', () => {
    const { ends } = run(FREE, [['a', 'own', 2.4]]);
    expect(ends).toEqual({ a: 2 });
  });
});

describe('Cpu: oversubscription', () => {
  it('oversubscribedSlowdown stretches slices that start while others wait for a core', () => {
    const { ends } = run({ ...FREE, oversubscribedSlowdown: 0.5 }, [
      ['a', 'own', 10 * MS],
      ['b', 'own', 10 * MS],
      ['c', 'own', 10 * MS],
      ['d', 'own', 10 * MS],
    ]);
    // a and b take the cores before c and d queue. At 10 ms c takes a's core while d still
    // waits: 15 ms; d takes b's with no one waiting: 10 ms.
    expect(ends).toEqual({ a: 10 * MS, b: 10 * MS, c: 25 * MS, d: 20 * MS });
  });
});

describe('computeTicks: fractional costs', () => {
  it('carries the fraction of a tick to the fiber’s next computation', () => {
    const k = new Kernel({ strategy: makeStrategy({ strategy: 'fifo', seed: 0 }), cores: 1, costs: FREE });
    const at: number[] = [];
    k.spawn(
      (function* () {
        for (let i = 0; i < 5; i++) {
          yield* computeTicks(0.4);
          at.push(k.now);
        }
      })(),
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(at).toEqual([0, 0, 1, 1, 2]);
  });
});
