/**
 * concsim's public API: what a scenario file imports `from 'concsim'`.
 * Models mirror Python's names; the kernel's vocabulary and the scenario tools are here
 * for users who write their own scenarios, monitors and test suites.
 */
export * from './engine/index.ts';
export * from './models/index.ts';
export { assertCheck, assertRun, ScenarioFailure } from './scenarios/assert.ts';
export { type CheckOptions, type CheckReport, checkScenario as check } from './scenarios/check.ts';
export { mutualExclusion, noLostWakeups } from './scenarios/monitors.ts';
export { ParamError, type ParamSchema, type ParamSpec, param } from './scenarios/params.ts';
export { BUILTIN_SCENARIOS, findScenario } from './scenarios/registry.ts';
export { type InvariantResult, type RunOptions, type RunReport, runScenario as run } from './scenarios/run.ts';
export {
  type AnyScenario,
  defineScenario,
  type Invariant,
  type Monitor,
  type Scenario,
  type ScenarioContext,
} from './scenarios/scenario.ts';
