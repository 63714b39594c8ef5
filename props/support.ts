/**
 * Shared arbitraries and helpers for the property tests. Engine seeds are drawn with
 * `noShrink` (shrinking a PRNG seed means nothing); parameters and choice lists shrink.
 */
import { fc } from '@fast-check/vitest';
import { kernel, type StrategyName } from '../engine/index.ts';
import type { SimulateOptions } from '../models/simulate.ts';
import { CHECK_MAX_STEPS } from '../runner/check.ts';
import type { ParamSpec } from '../runner/params.ts';
import type { AnyScenario } from '../runner/scenario.ts';

/** A run seed, as the CLI accepts it. */
export const seedArb = fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 }));

/** The strategies that draw their own schedule from a seed. */
export const seededStrategyArb = fc.constantFrom<Exclude<StrategyName, 'replay'>>('fifo', 'random', 'pct');

/** A schedule given as an explicit choice list (replayed; past its end it is fifo). */
export const choicesArb = fc.array(fc.nat({ max: 7 }), { maxLength: 200 });

/** How a `simulate` run is scheduled: a seeded strategy, or a drawn choice list replayed. */
export type Schedule =
  | { readonly strategy: 'fifo' | 'random' | 'pct'; readonly seed: number }
  | { readonly strategy: 'replay'; readonly seed: number; readonly choices: readonly number[] };

export const scheduleArb: fc.Arbitrary<Schedule> = fc.oneof(
  fc.record({ strategy: fc.constantFrom('random' as const, 'pct' as const, 'fifo' as const), seed: seedArb }),
  fc.record({ strategy: fc.constant('replay' as const), seed: seedArb, choices: choicesArb }),
);

/** Step budget for the small simulations of the properties: a runaway fails fast as `budget`. */

/** `simulate` options for a schedule (pct spreads its change points over a small run). */
export function simOptions(s: Schedule): SimulateOptions {
  return s.strategy === 'replay'
    ? { strategy: 'replay', seed: s.seed, choices: s.choices, maxSteps: CHECK_MAX_STEPS }
    : { strategy: s.strategy, seed: s.seed, pctSteps: 200, maxSteps: CHECK_MAX_STEPS };
}

/** Parameters of `scenario` drawn from their checkable ranges (as `concsim check` draws them). */
export function paramsArb(scenario: AnyScenario): fc.Arbitrary<Record<string, unknown>> {
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, spec] of Object.entries(scenario.params as Record<string, ParamSpec<unknown>>)) {
    arbs[key] = spec.arbitrary();
  }
  return fc.record(arbs);
}

/** A built-in scenario together with parameters drawn for it. */
export function scenarioCaseArb(
  scenarios: readonly AnyScenario[],
): fc.Arbitrary<{ scenario: AnyScenario; params: Record<string, unknown> }> {
  return fc.constantFrom(...scenarios).chain((scenario) => paramsArb(scenario).map((params) => ({ scenario, params })));
}

/** `--param key=value` arguments for every parameter of `params` (null is written `none`). */
export function paramArgs(params: Record<string, unknown>): string[] {
  return Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v === null ? 'none' : String(v)}`]);
}

/** The current virtual time in ticks (inside a simulated thread). */
export function nowTicks(): number {
  return kernel('nowTicks()').now;
}
