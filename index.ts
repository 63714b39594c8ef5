/// <reference lib="esnext.disposable" preserve="true" />
/**
 * concsim's public API: what a scenario file imports `from 'concsim'`.
 * Models mirror Python's names; the kernel's vocabulary and the scenario tools are here
 * for users who write their own scenarios, monitors and test suites.
 */
export * from './engine/index.ts';
export * from './models/index.ts';
export { assertCheck, assertRun, ScenarioFailure } from './runner/assert.ts';
export type { CheckOptions, CheckReport } from './runner/check.ts';
export { boundedConcurrency, mutualExclusion, noLostWakeups } from './runner/monitors.ts';
export { ParamError, type ParamSchema, type ParamSpec, param } from './runner/params.ts';
export { type CostProfile, loadProfile, ProfileError, parseProfile } from './runner/profile.ts';
export {
  checkTarget as check,
  loadPython,
  type Preempt,
  type PythonOutput,
  type PythonScenario,
  runTarget as run,
} from './runner/python.ts';
export type { InvariantResult, RunOptions, RunReport } from './runner/run.ts';
export {
  type AnyScenario,
  defineScenario,
  type Invariant,
  type Monitor,
  type Scenario,
  type ScenarioContext,
} from './runner/scenario.ts';
