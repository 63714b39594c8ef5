/**
 * A report suite: `concsim report <suite> [--out DIR] [--param key=value ...] [--seeds N]`.
 *
 * A suite runs scenario variants over several seeds and writes one HTML report (and its
 * Markdown twin). It is two functions, kept apart so that reports can be golden-tested:
 *
 * - `run(o)` does the work: it runs scenarios (with `runScenario` / `checkScenario` from
 *   scenarios/, or its own kernels) for seeds `0 .. o.seeds - 1`, and returns *results*:
 *   plain JSON data (numbers, strings, arrays, objects; no class instances, no functions,
 *   no `undefined`), which must include everything the report shows. Runs are
 *   deterministic, so the same command gives the same results.
 * - `report(results)` is pure: it turns results into a `ReportDoc` (reports/html/doc.ts) —
 *   the headline sentences, sections of charts (bar/line, with axis labels, units, error
 *   bars for the spread over seeds and a one-sentence reading each), tables, timelines of
 *   single runs (a `Timeline` from reports/trace/timeline.ts, built from a `TraceRecorder`
 *   passed as a listener to the run), the method, the parameters, the cost model in force,
 *   and the results themselves as `data` (embedded in the page as JSON).
 *
 * Suite parameters use the scenarios' parameter schema (scenarios/params.ts), so
 * `--param` values are parsed and validated with one-line errors, and `suiteCommand`
 * prints the command that rebuilds a report (seeds always, parameters when not default).
 *
 * To add a suite (`io-models`, say): write `reports/suites/<name>.ts` whose default export
 * is `defineSuite({ name: '<name>', ... })`. That one file is the whole change: the registry
 * (reports/suites/index.ts) finds every suite module in this folder, so `concsim report
 * <name>`, `concsim report --help` and the tour (`npm start`) pick it up. Then add a golden
 * test that feeds `report` fixed results (see bug-hunt.test.ts, cpu-vs-io.test.ts). Keep
 * `run` fast at the default size, make the default `seeds` large enough for the spread to
 * mean something, and set `tour` to a size that builds in a few seconds: the tour builds
 * every registered suite, and must stay under a minute.
 */
import type { CostModel } from '../../engine/index.ts';
import type { ParamSchema, ParamSpec } from '../../runner/params.ts';
import { type CostProfile, reportProfile, UNCALIBRATED_SOURCE } from '../../runner/profile.ts';
import { quote, type RunOptions, type RunReport, runScenario } from '../../runner/run.ts';
import type { AnyScenario, Scenario } from '../../runner/scenario.ts';
import type { ReportDoc } from '../html/doc.ts';
import type { Spread } from './stats.ts';

export interface SuiteRunOptions<P> {
  readonly params: P;
  /** Seeds per variant: the suite runs seeds 0 .. seeds - 1. */
  readonly seeds: number;
  /** The command that rebuilds the report; suites store it in their results. */
  readonly command: string;
  /** Called as work is done (for a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Suite<P = Record<string, unknown>, R = unknown> {
  readonly name: string;
  /** The report's title. */
  readonly title: string;
  /** One sentence: what the suite compares (shown by `concsim report --help` and the index). */
  readonly summary: string;
  readonly params: ParamSchema<P>;
  readonly defaultSeeds: number;
  /**
   * The small size the tour (`npm start`) builds the report at: a few seconds of wall time.
   * Without it, the tour uses the defaults with at most 2 seeds.
   */
  readonly tour?: { readonly seeds: number; readonly params?: Partial<P> };
  run(o: SuiteRunOptions<P>): R;
  report(results: R): ReportDoc;
}

/** Declares a suite; the identity function that gives the definition its types. */
export function defineSuite<P, R>(s: Suite<P, R>): Suite<P, R> {
  return s;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds suites of any parameter and result type
export type AnySuite = Suite<any, any>;

/** `concsim report <suite> --seeds N [--param k=v ...]` with only the parameters that differ from their defaults. */
export function suiteCommand(suite: AnySuite, params: Record<string, unknown>, seeds: number): string {
  return ['concsim report', suite.name, `--seeds ${seeds}`, ...paramFlags(suite.params, params)].join(' ');
}

/** `--param key=value` for each parameter of `schema` given a value other than its default. */
function paramFlags(schema: unknown, params: Readonly<Record<string, unknown>>): string[] {
  const flags: string[] = [];
  for (const [key, spec] of Object.entries(schema as Record<string, ParamSpec<unknown>>)) {
    const v = params[key];
    if (v !== undefined && v !== spec.default)
      flags.push(`--param ${quote(`${key}=${v === null ? 'none' : String(v)}`)}`);
  }
  return flags;
}

/**
 * `concsim run <scenario> --seed N --strategy S [--param k=v ...]` (non-default parameters
 * only). A run is determined by its scenario, parameters, strategy and seed, so this repeats
 * it exactly — and stays short where the run's replay command, which lists every scheduling
 * choice, can run to tens of thousands of characters.
 */
export function runCommand(
  scenario: AnyScenario,
  seed: number,
  strategy: string,
  params: Readonly<Record<string, unknown>>,
): string {
  const run = ['concsim run', quote(scenario.name), `--seed ${seed}`, `--strategy ${strategy}`];
  return [...run, ...paramFlags(scenario.params, params)].join(' ');
}

/** The suite's parameters as report rows (name, value, meaning), plus the seeds. */
export function paramRows(
  suite: AnySuite,
  params: Record<string, unknown>,
  seeds: number,
): { name: string; value: string; doc: string }[] {
  return [
    { name: 'seeds', value: String(seeds), doc: 'seeds per variant (0 .. seeds − 1)' },
    ...Object.entries(suite.params as Record<string, ParamSpec<unknown>>).map(([key, spec]) => ({
      name: key,
      value: params[key] === null ? 'none' : String(params[key]),
      doc: spec.doc,
    })),
  ];
}

/** Whether a module's export is a suite (the registry's test when it loads a suite module). */
export function isSuite(x: unknown): x is AnySuite {
  if (x === null || typeof x !== 'object') return false;
  const s = x as Record<string, unknown>;
  return (
    typeof s['name'] === 'string' &&
    typeof s['run'] === 'function' &&
    typeof s['report'] === 'function' &&
    typeof s['params'] === 'object'
  );
}

/**
 * Runs `scenario` once, with the report profile unless `o` gives costs, and returns its report with its result; throws if the run did not
 * end `ok` with a result (a suite's runs must all succeed), naming the replay command.
 */
export function runOk<R>(
  // biome-ignore lint/suspicious/noExplicitAny: any scenario parameters
  scenario: Scenario<any, R>,
  o: RunOptions & { readonly seed: number; readonly params: Readonly<Record<string, unknown>> },
): RunReport<R> & { readonly result: R } {
  // Reports predict timings: the calibrated profile unless the user chose one.
  const p = reportProfile();
  const r = runScenario(scenario, { costs: p.costs, costsName: p.name, ...o });
  if (r.verdict.kind !== 'ok' || r.result === undefined) {
    throw new Error(
      `${scenario.name} ${r.verdict.kind} with seed ${o.seed} (${JSON.stringify(o.params)}): ${r.replay}`,
    );
  }
  return r as RunReport<R> & { readonly result: R };
}

/** 1, 2, 4, … up to `max` (and `max` itself if it is not a power of two). */
export function workerSweep(max: number): number[] {
  const out: number[] = [];
  for (let w = 1; w <= max; w *= 2) out.push(w);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

/** The value of `xs` nearest to `x` (the smaller on ties); `fallback` when `xs` is empty. */
export function nearest(xs: readonly number[], x: number, fallback = x): number {
  return [...xs].sort((a, b) => Math.abs(a - x) - Math.abs(b - x) || a - b)[0] ?? fallback;
}

/** "a", "a and b", "a, b and c". */
export function listJoin(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** "1 seed", "5 seeds". */
export function seedsText(n: number): string {
  return `${n} seed${n === 1 ? '' : 's'}`;
}

/** "3.62×–3.82× over 5 seeds", or "3.62× with all 5 seeds" when they agree. */
export function overSeeds(s: Spread, f: (x: number) => string, seeds: number): string {
  return f(s.min) === f(s.max)
    ? `${f(s.min)} with ${seeds === 1 ? 'the one seed' : seeds === 2 ? 'both seeds' : `all ${seeds} seeds`}`
    : `${f(s.min)}–${f(s.max)} over ${seedsText(seeds)}`;
}

/** The profile the suite's runs use (`p`: the report profile unless they are checks), for its results. */
export function profileFields(p: CostProfile = reportProfile()): {
  readonly costs: CostModel;
  readonly costsSource: string;
} {
  return { costs: p.costs, costsSource: p.source };
}

/** Where a suite's results' costs came from, for its report (results from before profiles name none). */
export function costsSourceOf(r: { readonly costsSource?: string }): string {
  return r.costsSource ?? UNCALIBRATED_SOURCE;
}
