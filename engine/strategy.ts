/**
 * Scheduling strategies: at every scheduling point with more than one runnable fiber, the
 * strategy picks which runs next. The kernel records each pick, so any run can be
 * replayed from its choice list.
 *
 * - `fifo`: the fiber that became runnable first (no randomness).
 * - `random`: uniform among the runnable, from the seeded schedule stream.
 * - `pct`: probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): random
 *   distinct priorities, the highest runnable priority runs, and at `depth - 1` random
 *   decision points the running fiber's priority drops below every initial one. A bug of
 *   depth d is found with probability at least 1/(n·k^(d-1)) per run.
 * - `replay`: a recorded list of choices; past its end it behaves as `fifo`. A value too
 *   large for the runnable set is taken modulo its size, so any list of naturals is a
 *   valid schedule (which is what lets fast-check shrink schedules).
 */
import { makeRng, type Rng } from './rng.ts';

/** The scheduling strategies: `fifo`, `random`, `pct` and `replay`. */
export type StrategyName = 'fifo' | 'random' | 'pct' | 'replay';
/** Every strategy's name. */
export const STRATEGY_NAMES: readonly StrategyName[] = ['fifo', 'random', 'pct', 'replay'];

/** What a strategy may know about a runnable fiber. */
export interface Schedulable {
  readonly id: number;
}

/**
 * The runnable fibers as a strategy sees them, in the order they became runnable: the
 * kernel's run queue, or any array.
 */
export interface Runnables {
  readonly length: number;
  at(i: number): Schedulable | undefined;
}

/** Picks which runnable fiber runs next at each scheduling point. */
export interface Strategy {
  readonly name: StrategyName;
  /** Called when a fiber is created, before it can be runnable. */
  onSpawn(fiber: Schedulable): void;
  /** Index in `runnable` (length ≥ 2, in the order the fibers became runnable) to run next. */
  pick(runnable: Runnables): number;
}

/** What a strategy is made from: its name (`strategy`), the seed, `depth` and `pctSteps` for pct, `choices` for replay. */
export interface StrategyOptions {
  readonly strategy: StrategyName;
  readonly seed: string | number;
  /** pct: number of priority-change points plus one (default 3). */
  readonly depth?: number;
  /** pct: expected number of decisions in a run, over which change points are spread. */
  readonly pctSteps?: number;
  /** replay: the recorded choices. */
  readonly choices?: readonly number[];
}

/** Makes the strategy `o.strategy`, seeded from `o.seed`. */
export function makeStrategy(o: StrategyOptions): Strategy {
  switch (o.strategy) {
    case 'fifo':
      return fifo();
    case 'random':
      return random(o.seed);
    case 'pct':
      return pct(o.seed, o.depth ?? 3, o.pctSteps ?? 1000);
    case 'replay':
      return replay(o.choices ?? []);
    default: {
      const never: never = o.strategy;
      throw new Error(`unknown strategy ${String(never)}`);
    }
  }
}

export function fifo(): Strategy {
  return { name: 'fifo', onSpawn() {}, pick: () => 0 };
}

export function random(seed: string | number): Strategy {
  return new RandomStrategy(makeRng(seed, 'schedule'));
}

/* A check makes one strategy per run: classes cost less to make than objects of closures. */
class RandomStrategy implements Strategy {
  readonly name = 'random';
  constructor(private readonly rng: Rng) {}
  onSpawn(): void {}
  pick(r: Runnables): number {
    return this.rng.int(r.length);
  }
}

export function replay(choices: readonly number[]): Strategy {
  let i = 0;
  return {
    name: 'replay',
    onSpawn() {},
    pick(r) {
      const c = i < choices.length ? (choices[i] as number) : 0;
      i++;
      return c % r.length;
    },
  };
}

export function pct(seed: string | number, depth: number, steps: number): Strategy {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError('pct depth must be an integer >= 1');
  return new PctStrategy(makeRng(seed, 'schedule'), depth, Math.max(1, Math.floor(steps)));
}

class PctStrategy implements Strategy {
  readonly name = 'pct';
  /** Change point j (1-based) lowers the running fiber to priority j, below every initial one. */
  private readonly changeAt = new Map<number, number>();
  /** Priority by fiber id: initial ones lie in [depth, depth + 1). */
  private readonly prio: number[] = [];
  private decision = 0;

  constructor(
    private readonly rng: Rng,
    private readonly depth: number,
    k: number,
  ) {
    for (let j = 1; j < depth; j++) {
      let s = 1 + rng.int(k);
      while (this.changeAt.has(s) && this.changeAt.size < k) s = 1 + rng.int(k);
      this.changeAt.set(s, j);
    }
  }

  onSpawn(f: Schedulable): void {
    this.prio[f.id] = this.depth + this.rng.next();
  }

  pick(r: Runnables): number {
    this.decision++;
    let i = this.best(r);
    const j = this.changeAt.get(this.decision);
    if (j !== undefined) {
      this.prio[(r.at(i) as Schedulable).id] = j;
      i = this.best(r);
    }
    return i;
  }

  private best(r: Runnables): number {
    let bi = 0;
    let bp = -1;
    for (let i = 0; i < r.length; i++) {
      const p = this.prio[(r.at(i) as Schedulable).id] as number;
      if (p > bp) {
        bp = p;
        bi = i;
      }
    }
    return bi;
  }
}
