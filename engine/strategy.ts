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
 * - `replay`: a recorded list of choices; past its end each choice is 0 (the running fiber
 *   goes on: the rest of the run is non-preemptive). Strict (what `concsim replay` uses), a
 *   choice out of range for its decision throws `ChoiceRangeError`; lenient (what shrinking
 *   uses), it is taken modulo the range, so any list of naturals is a valid schedule.
 *
 * A recorded choice is relative to the running fiber (the one resumed last): when it is
 * still runnable, 0 continues it (no preemption) and c ≥ 1 picks the (c-1)-th of the others
 * in run-queue order (a preemption); when it blocked or ended, c picks the c-th runnable and
 * no preemption is counted. So the all-zero schedule is the non-preemptive one, and shrinking
 * choices toward zero removes preemptions. Strategies pick absolute run-queue indices; the
 * kernel encodes them (`toChoice`) and `replay` decodes (`fromChoice`).
 */
import { makeRng, type Rng } from './rng.ts';

/** The scheduling strategies: `fifo`, `random`, `pct` and `replay`. */
export type StrategyName = 'fifo' | 'random' | 'pct' | 'replay';
/** Every strategy's name. */
export const STRATEGY_NAMES: readonly StrategyName[] = ['fifo', 'random', 'pct', 'replay'];

/** What a strategy may know about a runnable fiber. */
export interface Schedulable {
  readonly id: number;
  /** The thread's name, for explanations. */
  readonly name?: string;
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
  /**
   * Index in `runnable` (length ≥ 2, in the order the fibers became runnable) to run next;
   * `running` is the index of the fiber that ran last when it is runnable, else -1.
   */
  pick(runnable: Runnables, running: number): number;
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
  /** replay: throw `ChoiceRangeError` on a choice out of range instead of taking it modulo. */
  readonly strict?: boolean;
}

/** The recorded choice for picking index `i` when the running fiber is at `running` (or -1). */
export function toChoice(i: number, running: number): number {
  if (running < 0 || i > running) return i;
  return i === running ? 0 : i + 1;
}

/** The run-queue index that choice `c` (in range) picks when the running fiber is at `running`. */
export function fromChoice(c: number, running: number): number {
  if (running < 0) return c;
  if (c === 0) return running;
  return c - 1 < running ? c - 1 : c;
}

/** A replayed choice does not fit its decision. */
export class ChoiceRangeError extends Error {
  constructor(
    readonly decision: number,
    readonly choice: number,
    readonly size: number,
  ) {
    super(
      `choice ${choice} at decision ${decision + 1} is out of range: that decision has ${size} runnable threads (choices 0-${size - 1})`,
    );
    this.name = 'ChoiceRangeError';
  }
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
      return replay(o.choices ?? [], o.strict ?? false);
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

export function replay(choices: readonly number[], strict = false): Strategy {
  let i = 0;
  return {
    name: 'replay',
    onSpawn() {},
    pick(r, running) {
      let c = i < choices.length ? (choices[i] as number) : 0;
      if (c >= r.length) {
        if (strict) throw new ChoiceRangeError(i, c, r.length);
        c %= r.length;
      }
      i++;
      return fromChoice(c, running);
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
