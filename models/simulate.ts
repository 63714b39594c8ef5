/**
 * Runs a body as the main thread of a fresh simulation: the smallest way to use the
 * models, for tests and for scenario runners. Everything observable about the run comes
 * back: the verdict, the main thread's return value, the clock, the step count, the
 * recorded choices and the trace hash.
 */
import type { Blocking } from '../engine/index.ts';
import {
  Kernel,
  type KernelOptions,
  makeStrategy,
  type StrategyOptions,
  TraceHasher,
  type TraceListener,
  type Verdict,
} from '../engine/index.ts';
import { Thread } from './threading/thread.ts';

/** Options of `simulate`: the strategy and seed, and the kernel's options (cores, budgets, costs). */
export interface SimulateOptions extends Partial<StrategyOptions>, Omit<KernelOptions, 'strategy' | 'seed'> {
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
function* mainBody<T>(main: () => Blocking<T>, out: { result?: T }): Blocking {
  out.result = yield* main();
}

/**
 * Runs `main` as the main thread of a fresh kernel until every thread ends (or the run fails); for
 * tests and quick experiments without a scenario.
 */
export function simulate<T>(main: () => Blocking<T>, o: SimulateOptions = {}): Simulation<T> {
  const seed = o.seed ?? 0;
  const strategy = makeStrategy({ ...o, strategy: o.strategy ?? 'fifo', seed });
  const k = new Kernel({ ...o, strategy, seed });
  const hasher = o.hash === false ? null : new TraceHasher();
  if (hasher !== null) k.subscribe(hasher.listener);
  for (const l of o.listeners ?? []) k.subscribe(l);
  const out: { result?: T } = {};
  k.within(() => Thread.main(mainBody(main, out)));
  const verdict = k.run();
  return {
    verdict,
    result: out.result,
    time: k.now,
    steps: k.steps,
    // Read when asked: a copy of millions of decisions is not part of running.
    get choices() {
      return k.choices;
    },
    traceHash: hasher === null ? '' : hasher.digest(),
    kernel: k,
  };
}
