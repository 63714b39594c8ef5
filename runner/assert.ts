/**
 * Scenario runs and checks as assertions, for a user's own vitest or jest suite: they
 * return the report when all is well and otherwise throw an error whose message holds the
 * verdict and the command that replays the failure.
 */
import { type CheckOptions, type CheckReport, checkScenario } from './check.ts';
import { formatCheck, formatRun } from './format.ts';
import { type RunOptions, type RunReport, runScenario } from './run.ts';
import type { AnyScenario } from './scenario.ts';

/** A scenario run or check that failed; `report` holds everything about it. */
export class ScenarioFailure extends Error {
  override name = 'ScenarioFailure';
  constructor(
    message: string,
    readonly report: RunReport | CheckReport,
  ) {
    super(message);
  }
}

/** Runs once; throws `ScenarioFailure` unless the verdict is `ok`. */
export function assertRun(scenario: AnyScenario, o: RunOptions = {}): RunReport {
  const r = runScenario(scenario, o);
  if (r.verdict.kind !== 'ok') throw new ScenarioFailure(`${formatRun(r)}\n  replay      ${r.replay}`, r);
  return r;
}

/** Checks many schedules; throws `ScenarioFailure` with the shrunk failure and its replay command. */
export function assertCheck(scenario: AnyScenario, o: CheckOptions = {}): CheckReport {
  const c = checkScenario(scenario, o);
  if (!c.ok) throw new ScenarioFailure(formatCheck(c), c);
  return c;
}
