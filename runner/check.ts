/**
 * `check`: explore many seeds and parameter draws of a scenario with fast-check, under a
 * scheduling strategy. On the first failing run, fast-check shrinks its parameters and
 * seed (a seed has no "smaller", but each candidate is another run to try); then the failing run's
 * recorded schedule is shrunk as a list of choices, replayed with the `replay` strategy,
 * keeping only shorter schedules that fail the same way. The result is a minimal,
 * replayable counterexample.
 */
import fc from 'fast-check';
import { type CostModel, decodeChoices, type StrategyName, type Verdict } from '../engine/index.ts';
import type { ParamSpec } from './params.ts';
import { type RunOptions, type RunReport, runScenario, runVerdict } from './run.ts';
import type { AnyScenario } from './scenario.ts';

/** Runs a check explores unless told. */
export const DEFAULT_RUNS = 1000;
/** A checked run's step budget: far above any built-in scenario's, low enough that a livelock fails fast. */
export const CHECK_MAX_STEPS = 200_000;

export interface CheckOptions {
  /** Runs to explore (default 1000). */
  readonly runs?: number;
  readonly strategy?: Exclude<StrategyName, 'replay'>;
  readonly depth?: number;
  /** fast-check's seed: the same seed explores the same runs. */
  readonly seed?: number;
  /** Parameters pinned to a value; the others are drawn from their checkable range. */
  readonly params?: { readonly [key: string]: unknown };
  /** Step budget per run (default 200,000: runaway schedules fail as `budget`). */
  readonly maxSteps?: number;
  readonly source?: string;
  /** What things cost and how many cores (see `RunOptions`). */
  readonly costs?: CostModel;
  readonly cores?: number;
  /** Called after each explored run. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface CheckReport {
  readonly scenario: string;
  readonly strategy: StrategyName;
  readonly seed: number;
  /** Runs explored before stopping (all of them when nothing failed). */
  readonly runs: number;
  readonly ok: boolean;
  /** The first failure as found, then shrunk: replaying `failure.replay` reproduces it. */
  readonly failure?: RunReport;
  /** Which explored run (1-based) failed first. */
  readonly foundAt?: number;
  /** Shrinking steps fast-check took (parameters, then schedule). */
  readonly shrinks?: number;
}

function sameFailure(a: Verdict, b: Verdict): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'invariant' && b.kind === 'invariant') return a.monitor === b.monitor;
  return true;
}

interface CheckInput {
  readonly seed: number;
  readonly params: Record<string, unknown>;
}

interface Prepared {
  readonly runs: number;
  readonly strategy: Exclude<StrategyName, 'replay'>;
  readonly seed: number;
  readonly base: Omit<RunOptions, 'seed' | 'params'>;
  readonly input: fc.Arbitrary<CheckInput>;
}

function prepare(scenario: AnyScenario, o: CheckOptions): Prepared {
  const fixed = o.params ?? {};
  const strategy = o.strategy ?? 'pct';
  const keys: string[] = [];
  const paramArbs: fc.Arbitrary<unknown>[] = [];
  for (const [key, spec] of Object.entries(scenario.params as Record<string, ParamSpec<unknown>>)) {
    keys.push(key);
    paramArbs.push(key in fixed ? fc.constant(fixed[key]) : spec.arbitrary());
  }
  return {
    runs: o.runs ?? DEFAULT_RUNS,
    strategy,
    seed: o.seed ?? 0,
    base: {
      strategy,
      maxSteps: o.maxSteps ?? CHECK_MAX_STEPS,
      ...(o.source === undefined ? {} : { source: o.source }),
      ...(o.depth === undefined ? {} : { depth: o.depth }),
      ...(o.costs === undefined ? {} : { costs: o.costs }),
      ...(o.cores === undefined ? {} : { cores: o.cores }),
    },
    // The seed shrinks too: a PRNG seed has no "smaller", but each candidate is another
    // run to try, which lets the parameters shrink further than one fixed seed allows.
    // A tuple mapped to the record draws exactly what `fc.record` would (which is built the
    // same way), at half the cost: its general mapper was a third of a check's overhead.
    input: fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), ...paramArbs).map((t) => {
      const params: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) params[keys[i] as string] = t[i + 1];
      return { seed: t[0] as number, params };
    }),
  };
}

/**
 * The runs a check explores, in order: drawn up front from fast-check's seed, so that the
 * same seed explores the same runs however they are split across workers or shards.
 */
export function checkInputs(scenario: AnyScenario, o: CheckOptions = {}): CheckInput[] {
  return sample(prepare(scenario, o));
}

function sample(p: Prepared): CheckInput[] {
  return fc.sample(p.input, { seed: p.seed, numRuns: p.runs });
}

/**
 * A predicate telling whether an explored run passes (its verdict is ok). Exploration
 * builds no report and skips the trace hash: only the verdict counts, and a failure is
 * rerun in full.
 */
function passesWith(scenario: AnyScenario, base: Prepared['base']): (input: CheckInput) => boolean {
  return (input) => runVerdict(scenario, { ...base, seed: input.seed, params: input.params }).kind === 'ok';
}

/** Whether explored run `i` (0-based, of `checkInputs`) passes. */
export function passesAt(scenario: AnyScenario, o: CheckOptions): (i: number) => boolean {
  return passesAtWith(scenario, prepare(scenario, o));
}

function passesAtWith(scenario: AnyScenario, p: Prepared): (i: number) => boolean {
  const inputs = sample(p);
  const passes = passesWith(scenario, p.base);
  return (i) => passes(inputs[i] as CheckInput);
}

/** The report of a check that explored `runs` runs and found no failure. */
export function passedReport(scenario: AnyScenario, o: CheckOptions, runs: number): CheckReport {
  return passedWith(scenario, prepare(scenario, o), runs);
}

function passedWith(scenario: AnyScenario, p: Prepared, runs: number): CheckReport {
  return { scenario: scenario.name, strategy: p.strategy, seed: p.seed, runs, ok: true };
}

export function checkScenario(scenario: AnyScenario, o: CheckOptions = {}): CheckReport {
  const p = prepare(scenario, o);
  const passes = passesAtWith(scenario, p);
  for (let i = 0; i < p.runs; i++) {
    const passed = passes(i);
    o.onProgress?.(i + 1, p.runs);
    if (!passed) return shrinkFailure(scenario, o, i);
  }
  return passedWith(scenario, p, p.runs);
}

/**
 * The report for a check whose first failing run is explored run `index`: fast-check
 * shrinks its parameters (keeping only shrinks that still fail), then its recorded
 * schedule as a list of choices, keeping only shorter schedules that fail the same way.
 */
export function shrinkFailure(scenario: AnyScenario, o: CheckOptions, index: number): CheckReport {
  const p = prepare(scenario, o);
  const { base } = p;
  // fast-check's `path` replays explored run `index` of the same seed and shrinks it with
  // full knowledge of how it was generated.
  const explored = fc.check(fc.property(p.input, passesWith(scenario, base)), {
    seed: p.seed,
    path: String(index),
    numRuns: p.runs,
  });
  const ce =
    explored.failed && explored.counterexample !== null ? explored.counterexample[0] : (sample(p)[index] as CheckInput);
  const failing = runScenario(scenario, { ...base, seed: ce.seed, params: ce.params });
  const recorded = decodeChoices(failing.choices);
  const maxChoice = Math.max(0, ...recorded);
  const replayOptions = (choices: readonly number[]): RunOptions => ({
    ...base,
    strategy: 'replay',
    seed: ce.seed,
    params: ce.params,
    choices,
  });
  const replayOf = (choices: readonly number[]): RunReport => runScenario(scenario, replayOptions(choices));
  const shrunk = fc.check(
    fc.property(
      fc.array(fc.nat({ max: maxChoice }), { maxLength: recorded.length }),
      (choices) => !sameFailure(runVerdict(scenario, replayOptions(choices)), failing.verdict),
    ),
    { examples: [[recorded]], numRuns: 1, seed: p.seed },
  );
  const best = shrunk.failed && shrunk.counterexample !== null ? (shrunk.counterexample[0] ?? recorded) : recorded;
  return {
    scenario: scenario.name,
    strategy: p.strategy,
    seed: p.seed,
    runs: index + 1,
    ok: false,
    failure: replayOf(best),
    foundAt: index + 1,
    shrinks: explored.numShrinks + shrunk.numShrinks,
  };
}
