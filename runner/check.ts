/**
 * `check`: explore many seeds and parameter draws of a scenario with fast-check, under a
 * scheduling strategy. On the first failing run, fast-check shrinks its parameters and
 * seed (a seed has no "smaller", but each candidate is another run to try); then the failing run's
 * recorded schedule is shrunk as a list of choices, replayed with the `replay` strategy,
 * keeping only shorter schedules that fail the same way. Choices are relative to the
 * running thread, so shrinking toward zeros removes preemptions; a bounded DFS below the
 * shrunk count then finishes the job, so the counterexample has the fewest preemptions
 * (proven when that DFS completes). The result is a minimal, replayable counterexample.
 *
 * Strategies: `random`, `pct`, `fifo` sample runs; `dfs` explores the schedules of one
 * parameter set systematically (runner/explore.ts); `portfolio`, the default, interleaves
 * random, pct at depths 1-3 and dfs run by run, so no single strategy's blind spot
 * decides, and names the member that found the failure. Its pct members spread their
 * change points over the running maximum of the decisions its runs have made so far
 * (unless `pctSteps` is given), so the estimate adapts to the runs actually explored.
 */
import fc from 'fast-check';
import { type CostModel, decodeChoices, type Verdict } from '../engine/index.ts';
import { DEFAULT_MAX_SCHEDULES, DEFAULT_PREEMPTIONS, type ExploreReport, exploration, explore } from './explore.ts';
import type { ParamSpec } from './params.ts';
import { activeCores, activeProfile } from './profile.ts';
import { type RunOptions, type RunReport, runScenario, runSummary, runVerdict } from './run.ts';
import type { AnyScenario } from './scenario.ts';

/** Runs a check explores unless told. */
export const DEFAULT_RUNS = 1000;
/** A checked run's step budget: far above any built-in scenario's, low enough that a livelock fails fast. */
export const CHECK_MAX_STEPS = 200_000;

/** Schedules a DFS below a shrunk counterexample's preemption count may take. */
const MINIMISE_BUDGET = 20_000;

export type CheckStrategy = 'portfolio' | 'random' | 'pct' | 'fifo' | 'dfs';
export const CHECK_STRATEGIES: readonly CheckStrategy[] = ['portfolio', 'random', 'pct', 'fifo', 'dfs'];
/** The strategies whose runs are independent of each other, which campaigns can split. */
export const SAMPLING_STRATEGIES: readonly CheckStrategy[] = ['random', 'pct', 'fifo'];

/**
 * Options of `check(scenario, options)`: how many runs, the strategy, the seed, the parameters, the
 * budgets.
 */
export interface CheckOptions {
  /** Runs to explore (default 1000; for dfs, the schedule budget, default 100,000). */
  readonly runs?: number;
  /** Default `portfolio`. */
  readonly strategy?: CheckStrategy;
  readonly depth?: number;
  /** pct: decisions to spread change points over (default: estimated). */
  readonly pctSteps?: number;
  /** dfs (and the portfolio's dfs member): the largest preemption bound (default 2). */
  readonly preemptions?: number;
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
  /** Called before explored run `index` (0-based) starts: the CLI's watchdog heartbeat. */
  readonly onRun?: (index: number) => void;
}

/**
 * What `check` found: whether every run passed, and the first failure shrunk to a minimal run with
 * its `replay` command.
 */
export interface CheckReport {
  readonly scenario: string;
  readonly strategy: CheckStrategy;
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
  /** Which strategy found the failure (a portfolio member: `random`, `pct-d2`, `dfs`, …). */
  readonly member?: string;
  /** Whether a DFS proved the failure's preemption count minimal (no failure with fewer). */
  readonly minimal?: boolean;
  /** The systematic exploration, when one ran: complete up to `bound`, or where it stopped. */
  readonly dfs?: DfsSummary;
}

export interface DfsSummary {
  readonly complete: boolean;
  readonly bound: number;
  readonly schedules: number;
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
  readonly strategy: CheckStrategy;
  readonly seed: number;
  readonly base: Omit<RunOptions, 'seed' | 'params'>;
  readonly input: fc.Arbitrary<CheckInput>;
}

/** A check's costs and cores: the given ones, else the active profile and core count. */
function profileOptions(o: CheckOptions): Pick<RunOptions, 'costs' | 'costsName' | 'cores'> {
  const profile = activeProfile();
  const cores = o.cores ?? activeCores();
  return {
    ...(o.costs === undefined ? { costs: profile.costs, costsName: profile.name } : { costs: o.costs }),
    ...(cores === undefined ? {} : { cores }),
  };
}

function prepare(scenario: AnyScenario, o: CheckOptions): Prepared {
  const fixed = o.params ?? {};
  const strategy = o.strategy ?? 'portfolio';
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
      // A portfolio's members set their own strategy; this is what a sampling check runs.
      strategy: strategy === 'portfolio' || strategy === 'dfs' ? 'random' : strategy,
      maxSteps: o.maxSteps ?? CHECK_MAX_STEPS,
      ...(o.source === undefined ? {} : { source: o.source }),
      ...(o.depth === undefined ? {} : { depth: o.depth }),
      ...(o.pctSteps === undefined ? {} : { pctSteps: o.pctSteps }),
      // The active profile and core count, looked up once rather than at each run (as each
      // run would, reading the environment); named, so that a replay command shows it as before.
      ...profileOptions(o),
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

/**
 * Explores many runs of a scenario (over seeds and schedules) and stops at the first failure,
 * shrinking its parameters and then its schedule; exported as `check`.
 */
export function checkScenario(scenario: AnyScenario, o: CheckOptions = {}): CheckReport {
  const p = prepare(scenario, o);
  if (p.strategy === 'dfs') return checkDfs(scenario, o, p);
  if (p.strategy === 'portfolio') return checkPortfolio(scenario, o, p);
  const passes = passesAtWith(scenario, p);
  for (let i = 0; i < p.runs; i++) {
    o.onRun?.(i);
    const passed = passes(i);
    o.onProgress?.(i + 1, p.runs);
    if (!passed) return shrinkFailure(scenario, o, i);
  }
  return passedWith(scenario, p, p.runs);
}

/** The exploration options of a check's DFS: its pinned parameters (the others at their defaults). */
function dfsOptions(o: CheckOptions, p: Prepared) {
  return {
    preemptions: o.preemptions ?? DEFAULT_PREEMPTIONS,
    maxSteps: p.base.maxSteps as number,
    ...(o.params === undefined ? {} : { params: o.params }),
    ...(o.source === undefined ? {} : { source: o.source }),
  };
}

function dfsSummary(x: ExploreReport): DfsSummary {
  return { complete: x.complete, bound: x.bound, schedules: x.schedules };
}

/** A found DFS failure as a check's report: it has the fewest preemptions already, when explored bound by bound. */
function dfsFailure(scenario: AnyScenario, p: Prepared, x: ExploreReport, runs: number): CheckReport {
  return {
    scenario: scenario.name,
    strategy: p.strategy,
    seed: p.seed,
    runs,
    ok: false,
    failure: x.failure as RunReport,
    foundAt: runs,
    shrinks: 0,
    member: 'dfs',
    minimal: true,
    dfs: dfsSummary(x),
  };
}

function checkDfs(scenario: AnyScenario, o: CheckOptions, p: Prepared): CheckReport {
  const budget = o.runs ?? DEFAULT_MAX_SCHEDULES;
  let n = 0;
  const x = explore(scenario, {
    ...dfsOptions(o, p),
    maxSchedules: budget,
    onRun: () => o.onProgress?.(++n, budget),
  });
  if (x.failure !== undefined) return dfsFailure(scenario, p, x, x.schedules);
  return { ...passedWith(scenario, p, x.schedules), dfs: dfsSummary(x) };
}

/** The portfolio's sampling members, in the order they take turns (dfs comes last). */
const MEMBERS: readonly { readonly name: string; readonly strategy: 'random' | 'pct'; readonly depth?: number }[] = [
  { name: 'random', strategy: 'random' },
  { name: 'pct-d1', strategy: 'pct', depth: 1 },
  { name: 'pct-d2', strategy: 'pct', depth: 2 },
  { name: 'pct-d3', strategy: 'pct', depth: 3 },
];

/**
 * Runs the members in turn, one run each: run i goes to member i mod 5 (dfs being the
 * fifth until it completes), and a sampling member's run i draws the check's input i, so
 * a failure is shrunk exactly as a check of that member alone would shrink it.
 */
function checkPortfolio(scenario: AnyScenario, o: CheckOptions, p: Prepared): CheckReport {
  const inputs = sample(p);
  let dfs: Generator<ExploreReport, ExploreReport, void> | null = exploration(scenario, {
    ...dfsOptions(o, p),
    maxSchedules: p.runs,
  });
  let dfsSoFar: ExploreReport | null = null;
  let estimate = 1;
  const bases: Prepared['base'][] = [];
  for (let i = 0; i < p.runs; i++) {
    o.onProgress?.(i + 1, p.runs);
    const member = MEMBERS[i % (MEMBERS.length + (dfs === null ? 0 : 1))];
    if (member === undefined) {
      const x = (dfs as Generator<ExploreReport, ExploreReport, void>).next();
      dfsSoFar = x.value;
      if (!x.done) continue;
      dfs = null;
      if (x.value.failure !== undefined) return dfsFailure(scenario, p, x.value, i + 1);
      continue;
    }
    const input = inputs[i] as CheckInput;
    // Each member's options, made again only when the estimate they carry changes.
    const m = MEMBERS.indexOf(member);
    let base = bases[m];
    if (base === undefined || (member.depth !== undefined && base.pctSteps !== (o.pctSteps ?? estimate))) {
      base = {
        ...p.base,
        strategy: member.strategy,
        ...(member.depth === undefined ? {} : { depth: member.depth, pctSteps: o.pctSteps ?? estimate }),
      };
      bases[m] = base;
    }
    const r = runSummary(scenario, { ...base, seed: input.seed, params: input.params });
    estimate = Math.max(estimate, r.decisions);
    if (r.verdict.kind !== 'ok') {
      return {
        ...shrinkFailure(scenario, o, i, base),
        strategy: 'portfolio',
        member: member.name,
        ...(dfsSoFar === null ? {} : { dfs: dfsSummary(dfsSoFar) }),
      };
    }
  }
  return { ...passedWith(scenario, p, p.runs), ...(dfsSoFar === null ? {} : { dfs: dfsSummary(dfsSoFar) }) };
}

/**
 * The report for a check whose first failing run is explored run `index`: fast-check
 * shrinks its parameters (keeping only shrinks that still fail), then its recorded
 * schedule as a list of choices, keeping only shorter schedules that fail the same way.
 */
export function shrinkFailure(
  scenario: AnyScenario,
  o: CheckOptions,
  index: number,
  base: Prepared['base'] = prepare(scenario, o).base,
): CheckReport {
  const p = prepare(scenario, o);
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
  const { failure, minimal } = fewestPreemptions(scenario, replayOf(best), base);
  return {
    scenario: scenario.name,
    strategy: p.strategy,
    seed: p.seed,
    runs: index + 1,
    ok: false,
    failure,
    foundAt: index + 1,
    shrinks: explored.numShrinks + shrunk.numShrinks,
    minimal,
  };
}

/**
 * Shrinking choices toward zero removes most preemptions, but not always all it could: a
 * bounded DFS of the failure's seed and parameters, bound by bound below its count, finds
 * the same failure with the fewest (or proves there is none, when it completes).
 */
function fewestPreemptions(
  scenario: AnyScenario,
  failing: RunReport,
  base: Prepared['base'],
): { failure: RunReport; minimal: boolean } {
  if (failing.preemptions === 0) return { failure: failing, minimal: true };
  const x = explore(scenario, {
    seed: failing.seed,
    params: failing.params,
    preemptions: failing.preemptions - 1,
    failsWith: (v) => sameFailure(v, failing.verdict),
    maxSchedules: MINIMISE_BUDGET,
    ...(base.maxSteps === undefined ? {} : { maxSteps: base.maxSteps }),
    ...(base.source === undefined ? {} : { source: base.source }),
  });
  if (x.failure !== undefined) return { failure: x.failure, minimal: true };
  return { failure: failing, minimal: x.complete };
}
