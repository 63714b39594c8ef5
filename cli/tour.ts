/**
 * The tour (`npm start`): every built-in scenario once, in one summary table, then every
 * registered report suite (cpu-vs-io, pools, bug-hunt, and io-models once it exists) at
 * its small `tour` size, written with an index to `reports/out/index.html`. A scenario
 * from the zoo of known bugs is checked instead — pct, then random if pct missed it, up to
 * 1,000 schedules each — and passes when the checker finds its bug. The whole tour stays
 * under a minute of wall time on a 2-core machine.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatTime } from '../engine/index.ts';
import { SUITES } from '../reports/suites/index.ts';
import { type AnySuite, suiteCommand } from '../reports/suites/suite.ts';
import { CONCSIM_VERSION } from '../reports/version.ts';
import { ensureDir, writeIndex, writeReport } from '../reports/write.ts';
import { checkScenario } from '../runner/check.ts';
import { table } from '../runner/format.ts';
import { resolveParams } from '../runner/params.ts';
import { loadPython } from '../runner/python.ts';
import { runScenario } from '../runner/run.ts';
import type { AnyScenario } from '../runner/scenario.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';

/**
 * The real twins run beside their scenarios: the same `.py` program `concsim report fidelity`
 * runs on CPython, here through concsim's Python front end (at a small size where the
 * default is slow to simulate, so the tour stays fast).
 */
const TWINS: Readonly<Record<string, { file: string; params?: Record<string, unknown> }>> = {
  'process-pool-squares': { file: 'scenarios/pools/process-pool-squares.py' },
  'callback-crawler': { file: 'scenarios/pools/callback-crawler.py' },
  'threaded-clients': { file: 'scenarios/net/threaded-clients.py', params: { CLIENTS: 50 } },
  'gevent-echo-server': { file: 'scenarios/net/gevent-echo-server.py', params: { CLIENTS: 10, MAX_SIZE: 512 } },
  'timer-hello': { file: 'scenarios/threading/timer-hello.py' },
  'event-wakeup': { file: 'scenarios/threading/event-wakeup.py' },
};

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Schedules a bug hunt explores per strategy before the tour calls the bug not found. */
const HUNT_RUNS = 1000;

export interface TourRow {
  readonly scenario: string;
  readonly expected: 'ok' | 'bug found';
  readonly verdict: string;
  readonly pass: boolean;
  readonly virtualTime: number;
  readonly steps: number;
  readonly wallMs: number;
  readonly note: string;
}

export interface TourReport {
  readonly suite: string;
  readonly title: string;
  readonly headline: readonly string[];
  readonly command: string;
  readonly html: string;
  readonly markdown: string;
  readonly wallMs: number;
}

/** Runs each scenario once (a known bug: checks it, pct then random, until found). */
export function tourScenarios(
  scenarios: readonly AnyScenario[] = BUILTIN_SCENARIOS,
  onProgress?: (done: number, total: number) => void,
): TourRow[] {
  const rows: TourRow[] = [];
  let done = 0;
  for (const s of scenarios) {
    const t0 = performance.now();
    if (s.expectFailure) {
      let c = checkScenario(s, { runs: HUNT_RUNS, strategy: 'pct', seed: 0 });
      if (c.ok) c = checkScenario(s, { runs: HUNT_RUNS, strategy: 'random', seed: 0 });
      const f = c.failure;
      rows.push({
        scenario: s.name,
        expected: 'bug found',
        verdict: f ? f.verdict.kind : 'ok',
        pass: !c.ok,
        virtualTime: f ? f.virtualTime : 0,
        steps: f ? f.steps : 0,
        wallMs: performance.now() - t0,
        note: f
          ? `found by ${c.strategy} in schedule ${c.foundAt}, replay: ${f.replay}`
          : `not found in ${HUNT_RUNS} schedules of pct nor of random`,
      });
    } else {
      const r = runScenario(s, { seed: 0, strategy: 'random' });
      rows.push({
        scenario: s.name,
        expected: 'ok',
        verdict: r.verdict.kind,
        pass: r.verdict.kind === 'ok',
        virtualTime: r.virtualTime,
        steps: r.steps,
        wallMs: performance.now() - t0,
        note: '',
      });
      const twin = TWINS[s.name];
      // A package installed without the .py files skips them.
      if (twin !== undefined && existsSync(resolve(ROOT, twin.file))) rows.push(twinRow(twin.file, twin.params));
    }
    onProgress?.(++done, scenarios.length);
  }
  return rows;
}

/** One run of a twin `.py` (its path from the repository root) under the Python front end. */
function twinRow(file: string, params: Record<string, unknown> = {}): TourRow {
  const t0 = performance.now();
  const r = runScenario(loadPython(resolve(ROOT, file)), { seed: 0, strategy: 'random', params, source: file });
  return {
    scenario: file,
    expected: 'ok',
    verdict: r.verdict.kind,
    pass: r.verdict.kind === 'ok',
    virtualTime: r.virtualTime,
    steps: r.steps,
    wallMs: performance.now() - t0,
    note: '',
  };
}

/** The size the tour builds a suite at: its `tour` size, else its defaults with at most 2 seeds. */
export function tourSize(suite: AnySuite): { seeds: number; params: Record<string, unknown> } {
  const given = (suite.tour?.params ?? {}) as Record<string, unknown>;
  return {
    seeds: suite.tour?.seeds ?? Math.min(2, suite.defaultSeeds),
    params: resolveParams(`suite ${suite.name}`, suite.params, given) as Record<string, unknown>,
  };
}

/** Builds each suite at its tour size into `dir`, then the index; returns what was written. */
export function tourReports(
  dir: string,
  suites: readonly AnySuite[] = SUITES,
  o: {
    size?: (s: AnySuite) => { seeds: number; params: Record<string, unknown> };
    progress?: (label: string) => ((done: number, total: number) => void) | undefined;
  } = {},
): { reports: TourReport[]; index: string } {
  ensureDir(dir);
  const reports: TourReport[] = [];
  for (const suite of suites) {
    const t0 = performance.now();
    const { seeds, params } = (o.size ?? tourSize)(suite);
    const command = suiteCommand(suite, params, seeds);
    const onProgress = o.progress?.(suite.name);
    const results = suite.run({ params, seeds, command, ...(onProgress === undefined ? {} : { onProgress }) });
    const doc = suite.report(results);
    const files = writeReport(dir, doc);
    reports.push({
      suite: suite.name,
      title: doc.title,
      headline: doc.headline,
      command,
      html: files.html,
      markdown: files.markdown,
      wallMs: performance.now() - t0,
    });
  }
  return { reports, index: writeIndex(dir, CONCSIM_VERSION) };
}

export function formatTourTable(rows: readonly TourRow[]): string {
  return table(
    ['scenario', 'expected', 'verdict', 'virtual time', 'steps', 'wall time', ''],
    rows.map((r) => [
      r.scenario,
      r.expected,
      r.verdict,
      formatTime(Math.round(r.virtualTime * 1e6)),
      String(r.steps),
      `${r.wallMs.toFixed(0)} ms`,
      r.pass ? 'pass' : 'FAIL',
    ]),
  );
}

export interface RunTourOptions {
  readonly json?: boolean;
  /** Directory of the reports and their index (default reports/out). */
  readonly out?: string;
  /** A progress bar factory (the CLI passes one only on a terminal). */
  readonly progress?: (label: string) => ((done: number, total: number) => void) | undefined;
  readonly scenarios?: readonly AnyScenario[];
  readonly suites?: readonly AnySuite[];
  readonly size?: (s: AnySuite) => { seeds: number; params: Record<string, unknown> };
}

/** The whole tour; prints to `out`, returns the exit code (1 if a scenario misbehaved). */
export function runTour(o: RunTourOptions, out: (s: string) => void): number {
  const t0 = performance.now();
  const dir = o.out ?? 'reports/out';
  const rows = tourScenarios(o.scenarios ?? BUILTIN_SCENARIOS, o.progress?.('scenarios'));
  const failed = rows.filter((r) => !r.pass).length;
  const twins = rows.filter((r) => r.scenario.endsWith('.py')).length;
  if (!o.json) {
    out(formatTourTable(rows));
    out('');
    for (const r of rows) if (r.note) out(`${r.scenario}: ${r.note}`);
    out(
      failed === 0
        ? `\nall ${rows.length - twins} scenarios behaved as expected${twins > 0 ? `, and the ${twins} real twins (.py) too` : ''}`
        : `\n${failed} of ${rows.length} scenarios and twins did not`,
    );
  }
  const { reports, index } = tourReports(dir, o.suites ?? SUITES, {
    ...(o.progress === undefined ? {} : { progress: o.progress }),
    ...(o.size === undefined ? {} : { size: o.size }),
  });
  const wallMs = performance.now() - t0;
  if (o.json) {
    out(JSON.stringify({ rows, failed, reports, index, wallMs }));
  } else {
    for (const r of reports) {
      out(`\n${r.title}  (${(r.wallMs / 1000).toFixed(1)} s; at full size: concsim report ${r.suite})`);
      for (const h of r.headline) out(`  - ${h}`);
    }
    out(
      `\nreports: open ${index} in a browser — ${pathToFileURL(resolve(index)).href} (${reports.length} report${reports.length === 1 ? '' : 's'})`,
    );
    out(`tour: ${(wallMs / 1000).toFixed(1)} s of wall time`);
  }
  return failed === 0 ? 0 : 1;
}
