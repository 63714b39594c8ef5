/**
 * What a scenario is: a name, a one-line summary, a parameter schema, a `main` generator
 * run as the simulation's main thread, and the invariants it must keep. Built-in
 * scenarios and users' own files are written the same way, with `defineScenario`.
 */

import { fileURLToPath } from 'node:url';
import type { Blocking, Kernel, Rng, TraceRecord } from '../engine/index.ts';
import type { ParamSchema } from './params.ts';

/** What `main` receives besides its parameters. */
export interface ScenarioContext {
  /** The run's seeded random stream for the scenario's own draws (independent of the schedule). */
  readonly rng: Rng;
  readonly kernel: Kernel;
  /** Adds a line to the run's trace (shown by `--log`). */
  log(message: string): void;
}

/**
 * A trace monitor: sees every record, and returns a message the moment the invariant
 * breaks (nothing otherwise). `end` runs once after a run that ended `ok`.
 */
export interface Monitor {
  onRecord?(record: TraceRecord): string | undefined | null | undefined;
  end?(): string | undefined | null | undefined;
}

/**
 * A property a scenario must keep: a name, a statement, and a monitor over the trace and/or a check
 * of the result; a broken one ends the run with an `invariant` verdict.
 */
export interface Invariant<P, R> {
  readonly name: string;
  /** The precise statement, shown by `concsim list`. */
  readonly statement: string;
  /** A monitor over the trace, made fresh for each run; `threadName` names a record's fiber. */
  readonly monitor?: (params: P, threadName: (fiber: number) => string) => Monitor;
  /** A check of the main thread's result after a run that ended `ok`. */
  readonly check?: (result: R, params: P) => string | undefined | null | undefined;
}

export interface ScenarioLimits {
  readonly cores?: number;
  readonly maxSteps?: number;
  /** Virtual seconds. */
  readonly maxTime?: number;
}

/**
 * A scenario: a name, a one-line summary, a parameter schema, a `main` generator run as the main
 * thread, and the invariants it must keep. Made with `defineScenario`.
 */
export interface Scenario<P = Record<string, unknown>, R = unknown> {
  readonly name: string;
  readonly summary: string;
  readonly params: ParamSchema<P>;
  readonly main: (params: P, ctx: ScenarioContext) => Blocking<R>;
  readonly invariants?: readonly Invariant<P, R>[];
  /** Cores and budgets; a function when they depend on the parameters (a `cores` parameter). */
  readonly limits?: ScenarioLimits | ((params: P) => ScenarioLimits);
  /**
   * For the zoo of known bugs: the scenario is expected to fail, and the tour and tests
   * count it as passing when the checker finds the failure.
   */
  readonly expectFailure?: boolean;
  /** Options its replay command must repeat (a `.py` file's `--preempt blocking`). */
  readonly replayArgs?: readonly string[];
}

/**
 * Declares a scenario: the identity function that gives the definition its types, and
 * notes the file that called it, so that the replay command of a run started from code
 * (`check(scenario)` in a user's test) names a file the CLI can load.
 */
export function defineScenario<P, R>(s: Scenario<P, R>): Scenario<P, R> {
  const file = callerFile();
  if (file !== undefined) definedIn.set(s, file);
  return s;
}

const definedIn = new WeakMap<object, string>();

/** The file whose code called `defineScenario` for `s`, if known. */
export function scenarioFile(s: AnyScenario): string | undefined {
  return definedIn.get(s);
}

function callerFile(): string | undefined {
  const prepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_e, sites) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, defineScenario);
    const name = holder.stack?.[0]?.getFileName() ?? undefined;
    if (name === undefined || name.startsWith('node:')) return undefined;
    return name.startsWith('file://') ? fileURLToPath(name) : name;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = prepare;
  }
}

/** A scenario of any parameter and result type, for registries and runners. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds scenarios of any parameter type
export type AnyScenario = Scenario<any, any>;

export function isScenario(x: unknown): x is AnyScenario {
  if (x === null || typeof x !== 'object') return false;
  const s = x as Record<string, unknown>;
  return typeof s['name'] === 'string' && typeof s['main'] === 'function' && typeof s['params'] === 'object';
}
