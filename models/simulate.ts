/**
 * Runs a body as the main thread of a fresh simulation: the one place a run is made
 * (strategy, kernel and budgets, trace hash, subscribers, main thread, verdict), used by
 * tests, the Python front end, the benchmarks and the scenario runner alike. Everything
 * observable about the run comes back: the verdict, the main thread's return value, the
 * clock, the step count, the recorded choices and the trace hash.
 */
import type { Blocking } from '../engine/index.ts';
import {
  Kernel,
  type KernelOptions,
  makeStrategy,
  type Strategy,
  type StrategyOptions,
  TraceHasher,
  type TraceListener,
  type Verdict,
} from '../engine/index.ts';
import { Thread } from './threading/thread.ts';

/** Options of `simulate`: the strategy and seed, and the kernel's options (cores, budgets, costs). */
export interface SimulateOptions extends Partial<StrategyOptions>, Omit<KernelOptions, 'strategy' | 'seed'> {
  /** A strategy object used instead of the one `strategy` names (an explorer's, a wrapped one). */
  readonly scheduler?: Strategy;
  /**
   * Called with the fresh kernel after the trace hash subscribes and before `listeners` do:
   * where a runner subscribes what needs the kernel itself (monitors).
   */
  readonly attach?: (k: Kernel) => void;
  /** Trace subscribers (monitors, logs) attached before the first step. */
  readonly listeners?: readonly TraceListener[];
  /** Compute the trace hash (default true). */
  readonly hash?: boolean;
}

/** What `simulate` returns: the verdict, the main body's result, the virtual time, steps, choices and trace hash, and the kernel. */
export interface Simulation<T> {
  readonly verdict: Verdict;
  /** What the main body returned (undefined if it did not finish). */
  readonly result: T | undefined;
  /** Virtual time at the end, in ticks. */
  readonly time: number;
  readonly steps: number;
  readonly choices: readonly number[];
  readonly traceHash: string;
  readonly kernel: Kernel;
}

/**
 * The main thread's body, built here rather than as a closure inside `simulate`, whose
 * context holds the kernel: so a finished run is not kept alive by its generator.
 */
function* mainBody<T>(main: (k: Kernel) => Blocking<T>, k: Kernel, out: { result?: T }): Blocking {
  out.result = yield* main(k);
}

/**
 * The kernel's options out of `o`, copied one by one: a spread of the caller's options
 * (which carry callbacks and subscribers too) made the check loop's kernels slower to build.
 */
function kernelOptions(o: SimulateOptions, strategy: Strategy, seed: string | number): KernelOptions {
  const ko: { -readonly [K in keyof KernelOptions]: KernelOptions[K] } = { strategy, seed };
  if (o.cores !== undefined) ko.cores = o.cores;
  if (o.switchInterval !== undefined) ko.switchInterval = o.switchInterval;
  if (o.maxSteps !== undefined) ko.maxSteps = o.maxSteps;
  if (o.maxTime !== undefined) ko.maxTime = o.maxTime;
  if (o.costs !== undefined) ko.costs = o.costs;
  return ko;
}

/**
 * Runs `main` as the main thread of a fresh kernel until every thread ends (or the run fails); for
 * tests and quick experiments without a scenario, and under every scenario run.
 */
export function simulate<T>(main: (k: Kernel) => Blocking<T>, o: SimulateOptions = {}): Simulation<T> {
  const seed = o.seed ?? 0;
  const strategy = o.scheduler ?? makeStrategy({ ...o, strategy: o.strategy ?? 'fifo', seed });
  const k = new Kernel(kernelOptions(o, strategy, seed));
  const hasher = o.hash === false ? null : new TraceHasher();
  if (hasher !== null) k.subscribe(hasher.listener);
  o.attach?.(k);
  for (const l of o.listeners ?? []) k.subscribe(l);
  const out: { result?: T } = {};
  k.within(() => Thread.main(mainBody(main, k, out)));
  const verdict = k.run();
  return new Finished(verdict, out.result, k, hasher === null ? '' : hasher.digest());
}

/**
 * A finished simulation: a class, not an object literal with a getter, since a check makes
 * one per run and a literal's getter cost the check loop more than half its speed.
 */
class Finished<T> implements Simulation<T> {
  readonly time: number;
  readonly steps: number;
  constructor(
    readonly verdict: Verdict,
    readonly result: T | undefined,
    readonly kernel: Kernel,
    readonly traceHash: string,
  ) {
    this.time = kernel.now;
    this.steps = kernel.steps;
  }

  /** Read when asked: a copy of millions of decisions is not part of running. */
  get choices(): readonly number[] {
    return this.kernel.choices;
  }
}
