/**
 * `check`: explore many seeds and parameter draws of a scenario with fast-check, under a
 * scheduling strategy. On the first failing run, fast-check shrinks its parameters (the
 * seed is not shrunk: shrinking a PRNG seed means nothing); then the failing run's
 * recorded schedule is shrunk as a list of choices, replayed with the `replay` strategy,
 * keeping only shorter schedules that fail the same way. The result is a minimal,
 * replayable counterexample.
 */
import fc from 'fast-check';
import { decodeChoices, type StrategyName, type Verdict } from '../engine/index.ts';
import type { ParamSpec } from './params.ts';
import { type RunReport, runScenario } from './run.ts';
import type { AnyScenario } from './scenario.ts';

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

export function checkScenario(scenario: AnyScenario, o: CheckOptions = {}): CheckReport {
  const runs = o.runs ?? 1000;
  const strategy = o.strategy ?? 'pct';
  const seed = o.seed ?? 0;
  const maxSteps = o.maxSteps ?? 200_000;
  const fixed = o.params ?? {};
  const source = o.source === undefined ? {} : { source: o.source };
  const base = { strategy, maxSteps, ...source, ...(o.depth === undefined ? {} : { depth: o.depth }) };

  const paramArbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, spec] of Object.entries(scenario.params as Record<string, ParamSpec<unknown>>)) {
    paramArbs[key] = key in fixed ? fc.constant(fixed[key]) : spec.arbitrary();
  }
  const input = fc.record({
    seed: fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 })),
    params: fc.record(paramArbs),
  });

  let done = 0;
  let foundAt = 0;
  const explored = fc.check(
    fc.property(input, ({ seed: s, params }) => {
      const r = runScenario(scenario, { ...base, seed: s, params });
      if (foundAt === 0) {
        done++;
        o.onProgress?.(done, runs);
        if (r.verdict.kind !== 'ok') foundAt = done;
      }
      return r.verdict.kind === 'ok';
    }),
    { numRuns: runs, seed },
  );
  if (!explored.failed || explored.counterexample === null) {
    return { scenario: scenario.name, strategy, seed, runs: done, ok: true };
  }

  const [ce] = explored.counterexample;
  const failing = runScenario(scenario, { ...base, seed: ce.seed, params: ce.params });
  const recorded = decodeChoices(failing.choices);
  const maxChoice = Math.max(0, ...recorded);
  const replayOf = (choices: readonly number[]): RunReport =>
    runScenario(scenario, { ...base, strategy: 'replay', seed: ce.seed, params: ce.params, choices });
  const shrunk = fc.check(
    fc.property(
      fc.array(fc.nat({ max: maxChoice }), { maxLength: recorded.length }),
      (choices) => !sameFailure(replayOf(choices).verdict, failing.verdict),
    ),
    { examples: [[recorded]], numRuns: 1, seed },
  );
  const best = shrunk.failed && shrunk.counterexample !== null ? (shrunk.counterexample[0] ?? recorded) : recorded;
  return {
    scenario: scenario.name,
    strategy,
    seed,
    runs: foundAt,
    ok: false,
    failure: replayOf(best),
    foundAt,
    shrinks: explored.numShrinks + shrunk.numShrinks,
  };
}
