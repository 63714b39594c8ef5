import { describe, expect, it } from 'vitest';
import { makeRng } from './rng.ts';
import {
  ChoiceRangeError,
  fromChoice,
  makeStrategy,
  type Schedulable,
  STRATEGY_NAMES,
  type Strategy,
  toChoice,
} from './strategy.ts';

/** Fibers 1..n, announced to the strategy as the kernel does on spawn. */
function spawnAll(s: Strategy, n: number): Schedulable[] {
  const fs: Schedulable[] = [];
  for (let id = 1; id <= n; id++) {
    const f = { id };
    s.onSpawn(f);
    fs.push(f);
  }
  return fs;
}

/** `count` picks over a runnable set of `size` fibers (ids 1..size). */
function picks(s: Strategy, size: number, count: number): number[] {
  const fs = spawnAll(s, size);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(s.pick(fs, -1));
  return out;
}

/** The id a pct strategy runs from `runnable`. */
function pickId(s: Strategy, runnable: readonly Schedulable[]): number {
  return (runnable[s.pick(runnable, -1)] as Schedulable).id;
}

describe('makeStrategy', () => {
  it('knows the four names', () => {
    expect(STRATEGY_NAMES).toEqual(['fifo', 'random', 'pct', 'replay']);
    for (const name of STRATEGY_NAMES) expect(makeStrategy({ strategy: name, seed: 0 }).name).toBe(name);
  });

  it('rejects a pct depth below 1 or not an integer', () => {
    expect(() => makeStrategy({ strategy: 'pct', seed: 0, depth: 0 })).toThrow(RangeError);
    expect(() => makeStrategy({ strategy: 'pct', seed: 0, depth: 1.5 })).toThrow('pct depth must be an integer >= 1');
  });
});

describe('fifo', () => {
  it('always picks index 0, the fiber that became runnable first', () => {
    const s = makeStrategy({ strategy: 'fifo', seed: 123 });
    expect(picks(s, 2, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(picks(s, 7, 3)).toEqual([0, 0, 0]);
  });
});

describe('random', () => {
  it('is reproducible for a seed', () => {
    const a = picks(makeStrategy({ strategy: 'random', seed: 5 }), 5, 200);
    const b = picks(makeStrategy({ strategy: 'random', seed: 5 }), 5, 200);
    expect(a).toEqual(b);
  });

  it('differs across seeds', () => {
    const a = picks(makeStrategy({ strategy: 'random', seed: 1 }), 5, 200);
    const b = picks(makeStrategy({ strategy: 'random', seed: 2 }), 5, 200);
    expect(a).not.toEqual(b);
    const c = picks(makeStrategy({ strategy: 'random', seed: 'x' }), 5, 200);
    expect(c).not.toEqual(a);
  });

  it('stays in range and reaches every index', () => {
    const a = picks(makeStrategy({ strategy: 'random', seed: 9 }), 4, 400);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 4)).toBe(true);
    expect(new Set(a)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('draws from the schedule stream, independent of the scenario stream', () => {
    const s = makeStrategy({ strategy: 'random', seed: 3 });
    const rng = makeRng(3, 'schedule');
    const fs = spawnAll(s, 6);
    for (let i = 0; i < 50; i++) expect(s.pick(fs, -1)).toBe(rng.int(6));
  });
});

describe('replay', () => {
  it('takes recorded values modulo the runnable count when lenient, then falls back to 0', () => {
    const s = makeStrategy({ strategy: 'replay', seed: 0, choices: [5, 1, 7, 2, 3] });
    const three = spawnAll(s, 3);
    expect([s.pick(three, -1), s.pick(three, -1), s.pick(three, -1)]).toEqual([2, 1, 1]);
    expect(s.pick(three.slice(0, 2), -1)).toBe(0); // 2 % 2
    expect(s.pick(three.slice(0, 2), -1)).toBe(1); // 3 % 2
    // Past the end of the list: choice 0, the running fiber when runnable, else index 0.
    expect([s.pick(three, 2), s.pick(three, -1), s.pick(three.slice(1), 1)]).toEqual([2, 0, 1]);
  });

  it('strict, rejects a choice out of range naming the decision and the range', () => {
    const s = makeStrategy({ strategy: 'replay', seed: 0, choices: [1, 3], strict: true });
    const three = spawnAll(s, 3);
    expect(s.pick(three, 0)).toBe(1);
    expect(() => s.pick(three, 0)).toThrow(ChoiceRangeError);
    expect(() => makeStrategy({ strategy: 'replay', seed: 0, choices: [3], strict: true }).pick(three, 0)).toThrow(
      'choice 3 at decision 1 is out of range: that decision has 3 runnable threads (choices 0-2)',
    );
  });

  it('decodes choices relative to the running fiber: 0 continues it, the others in queue order', () => {
    // Running fiber at index 1 of 4: choices 0,1,2,3 pick indices 1,0,2,3.
    expect([0, 1, 2, 3].map((c) => fromChoice(c, 1))).toEqual([1, 0, 2, 3]);
    expect([0, 1, 2, 3].map((c) => fromChoice(c, 3))).toEqual([3, 0, 1, 2]);
    expect([0, 1, 2].map((c) => fromChoice(c, -1))).toEqual([0, 1, 2]);
    for (const running of [-1, 0, 1, 2, 3])
      for (let i = 0; i < 4; i++) expect(fromChoice(toChoice(i, running), running)).toBe(i);
  });

  it('with no choices behaves as fifo', () => {
    expect(picks(makeStrategy({ strategy: 'replay', seed: 0 }), 4, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it('ignores the seed', () => {
    const choices = [3, 0, 2, 1, 1];
    const a = picks(makeStrategy({ strategy: 'replay', seed: 1, choices }), 4, 8);
    const b = picks(makeStrategy({ strategy: 'replay', seed: 2, choices }), 4, 8);
    expect(a).toEqual([3, 0, 2, 1, 1, 0, 0, 0]); // past the end, 0 with no running fiber
    expect(b).toEqual(a);
  });
});

describe('pct', () => {
  /** The priority order pct uses, highest first, read off by picking and removing. */
  function priorityOrder(s: Strategy, fs: readonly Schedulable[]): number[] {
    const left = [...fs];
    const order: number[] = [];
    while (left.length > 0) {
      const i = s.pick(left, -1);
      order.push((left[i] as Schedulable).id);
      left.splice(i, 1);
    }
    return order;
  }

  it('depth 1 has no change points: the highest-priority runnable fiber always runs', () => {
    for (const seed of [0, 1, 2, 3, 'abc']) {
      const s = makeStrategy({ strategy: 'pct', seed, depth: 1, pctSteps: 1 });
      const fs = spawnAll(s, 6);
      const order = priorityOrder(s, fs);
      expect([...order].sort()).toEqual([1, 2, 3, 4, 5, 6]);
      // Whatever subset is runnable, in whatever order, the fiber earliest in `order` runs.
      const rng = makeRng(seed, 'pct-test');
      for (let trial = 0; trial < 300; trial++) {
        const subset = fs.filter(() => rng.next() < 0.6);
        if (subset.length < 2) continue;
        for (let i = subset.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [subset[i], subset[j]] = [subset[j] as Schedulable, subset[i] as Schedulable];
        }
        const expected = order.find((id) => subset.some((f) => f.id === id));
        expect(pickId(s, subset)).toBe(expected);
      }
    }
  });

  it('priorities are random: different seeds order the fibers differently', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const s = makeStrategy({ strategy: 'pct', seed, depth: 1 });
      orders.add(priorityOrder(s, spawnAll(s, 4)).join(','));
    }
    expect(orders.size).toBeGreaterThan(5);
  });

  it('a change point drops the running fiber below every initial priority', () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      // Same seed and depth: same priorities (the change point draws once either way).
      // With pctSteps 1 the change point is decision 1; with a huge pctSteps it is
      // (almost surely, and deterministically for these seeds) far beyond decision 10.
      const late = makeStrategy({ strategy: 'pct', seed, depth: 2, pctSteps: 1e12 });
      const early = makeStrategy({ strategy: 'pct', seed, depth: 2, pctSteps: 1 });
      const lateFs = spawnAll(late, 3);
      const earlyFs = spawnAll(early, 3);
      const top = pickId(late, lateFs);
      for (let i = 0; i < 9; i++) expect(pickId(late, lateFs)).toBe(top);
      const order = priorityOrder(late, lateFs);
      expect(order[0]).toBe(top);
      // Decision 1 is the change point: `top` drops to the bottom, the second runs...
      expect(pickId(early, earlyFs)).toBe(order[1]);
      // ...and stays below the others from then on.
      for (let i = 0; i < 5; i++) expect(pickId(early, earlyFs)).toBe(order[1]);
      expect(
        pickId(
          early,
          earlyFs.filter((f) => f.id !== order[1]),
        ),
      ).toBe(order[2]);
      expect(priorityOrder(early, earlyFs)).toEqual([order[1], order[2], top]);
    }
  });

  it('consecutive change points each drop the fiber that would have run', () => {
    // depth 3 with pctSteps 2: the two change points are decisions 1 and 2.
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const s = makeStrategy({ strategy: 'pct', seed, depth: 3, pctSteps: 2 });
      const fs = spawnAll(s, 3);
      // Decision 1: the top fiber X drops, the second Y runs. Decision 2: Y drops, so the
      // third Z — the only one still at an initial priority — runs, and outranks both.
      const y = pickId(s, fs);
      const z = pickId(s, fs);
      expect(z).not.toBe(y);
      const x = [1, 2, 3].find((id) => id !== y && id !== z);
      const order = priorityOrder(s, fs);
      expect(order[0]).toBe(z);
      expect(new Set(order.slice(1))).toEqual(new Set([x, y]));
      for (let i = 0; i < 5; i++) expect(pickId(s, fs)).toBe(z);
    }
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const run = (seed: number): number[] => {
      const s = makeStrategy({ strategy: 'pct', seed, depth: 3, pctSteps: 20 });
      const fs = spawnAll(s, 5);
      const out: number[] = [];
      const rng = makeRng(seed, 'pct-test');
      for (let i = 0; i < 40; i++) {
        const subset = fs.filter(() => rng.next() < 0.7);
        if (subset.length >= 2) out.push(pickId(s, subset));
      }
      return out;
    };
    expect(run(11)).toEqual(run(11));
    const distinct = new Set([0, 1, 2, 3, 4, 5].map((seed) => run(seed).join(',')));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('keeps going when there are more change points than decisions to spread them over', () => {
    const s = makeStrategy({ strategy: 'pct', seed: 0, depth: 10, pctSteps: 2 });
    const fs = spawnAll(s, 3);
    for (let i = 0; i < 5; i++) expect(s.pick(fs, -1)).toBeGreaterThanOrEqual(0);
  });
});
