/**
 * The tour's pieces at a tiny size: the scenario table (a known bug passes when found),
 * the suites built with their index, the whole tour in JSON and in text, the tour sizes,
 * and the progress bar that long commands draw on a terminal only.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuVsIoSuite } from '../reports/suites/cpu-vs-io.ts';
import { SUITES } from '../reports/suites/index.ts';
import { poolsSuite } from '../reports/suites/pools.ts';
import type { AnySuite } from '../reports/suites/suite.ts';
import { resolveParams } from '../runner/params.ts';
import { findScenario } from '../scenarios/index.ts';
import { progressBar, showProgress } from './progress.ts';
import { runTour, tourReports, tourScenarios, tourSize } from './tour.ts';

/** The smallest sizes that still draw every chart. */
const TINY: Record<string, Record<string, unknown>> = {
  'cpu-vs-io': { tasks: 2, seconds: 0.01, maxWorkers: 2 },
  pools: { tasks: 4, seconds: 0.002, maxWorkers: 2, maxChunksize: 4, focus: 2 },
};
const tiny = (s: AnySuite) => ({
  seeds: 1,
  params: resolveParams(`suite ${s.name}`, s.params, TINY[s.name] ?? {}) as Record<string, unknown>,
});

describe('the tour', { timeout: 60_000 }, () => {
  it('runs each scenario once, its real twin (.py) beside it, and checks a known bug until found', () => {
    const rows = tourScenarios([findScenario('event-wakeup')!, findScenario('lock-order-deadlock')!]);
    expect(rows.map((r) => [r.scenario, r.expected, r.verdict, r.pass])).toEqual([
      ['event-wakeup', 'ok', 'ok', true],
      ['scenarios/threading/event-wakeup.py', 'ok', 'ok', true],
      ['lock-order-deadlock', 'bug found', 'deadlock', true],
    ]);
    expect(rows[2]?.note).toMatch(/^found by pct in schedule \d+, replay: concsim replay lock-order-deadlock /);
  });

  it('builds the suites into a folder with an index linking every report', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'concsim-tour-')), 'out');
    const { reports, index } = tourReports(dir, [cpuVsIoSuite, poolsSuite], { size: tiny });
    expect(reports.map((r) => r.suite)).toEqual(['cpu-vs-io', 'pools']);
    expect(index).toBe(join(dir, 'index.html'));
    const html = readFileSync(index, 'utf8');
    for (const r of reports) {
      expect(existsSync(r.html)).toBe(true);
      expect(existsSync(r.markdown)).toBe(true);
      expect(r.headline.length).toBeGreaterThan(0);
      expect(html).toContain(`<a href="${r.suite}.html">`);
    }
    expect(reports[0]?.command).toBe(
      'concsim report cpu-vs-io --seeds 1 --param tasks=2 --param seconds=0.01 --param maxWorkers=2',
    );
  });

  it('prints the table, each report’s headline and where the index is; --json gives one document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-tour-'));
    const scenarios = [findScenario('timer-hello')!, findScenario('pool-deadlock')!];
    const lines: string[] = [];
    const code = runTour({ out: dir, scenarios, suites: [cpuVsIoSuite], size: tiny }, (s) => lines.push(s));
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/^scenario +expected +verdict/);
    expect(text).toContain('all 2 scenarios behaved as expected');
    expect(text).toContain('CPU-bound vs I/O-bound: threads, processes and greenlets');
    expect(text).toContain('  - CPU-bound tasks: ');
    expect(text).toContain(`reports: open ${join(dir, 'index.html')} in a browser — file://`);
    expect(text).toContain('index.html (1 report)');
    expect(text).toMatch(/tour: [\d.]+ s of wall time$/);

    const json: string[] = [];
    expect(runTour({ json: true, out: dir, scenarios, suites: [cpuVsIoSuite], size: tiny }, (s) => json.push(s))).toBe(
      0,
    );
    expect(json).toHaveLength(1);
    const doc = JSON.parse(json[0] as string);
    expect(doc.failed).toBe(0);
    expect(doc.rows).toHaveLength(3); // timer-hello, its twin timer-hello.py, pool-deadlock
    expect(doc.reports.map((r: { suite: string }) => r.suite)).toEqual(['cpu-vs-io']);
    expect(doc.index).toBe(join(dir, 'index.html'));
  });

  it('sizes a suite by its tour size, else by its defaults with at most 2 seeds', () => {
    // Every registered suite's tour parameters are valid (resolving them throws otherwise).
    for (const s of SUITES) expect(() => tourSize(s)).not.toThrow();
    expect(tourSize(cpuVsIoSuite)).toMatchObject({ seeds: 2, params: { tasks: 8, maxWorkers: 8 } });
    const bare = { ...cpuVsIoSuite, tour: undefined, defaultSeeds: 9 } as unknown as AnySuite;
    expect(tourSize(bare).seeds).toBe(2);
  });
});

describe('the progress bar', () => {
  it('redraws one line as the percentage changes and ends it at the total', () => {
    const out: string[] = [];
    const bar = progressBar(true, 'pools', (s) => out.push(s));
    for (let i = 1; i <= 4; i++) bar?.(i, 4);
    expect(out[0]).toBe(`\rpools [${'#'.repeat(8)}${' '.repeat(22)}] 1/4`);
    expect(out.at(-1)).toBe(`\rpools [${'#'.repeat(30)}] 4/4\n`);
    expect(progressBar(false)).toBeUndefined();
  });

  it('end() ends a line left short of the total, and only once', () => {
    const out: string[] = [];
    const bar = progressBar(true, '', (s) => out.push(s));
    bar?.(1, 4);
    bar?.end();
    bar?.end();
    expect(out).toEqual([`\r[${'#'.repeat(8)}${' '.repeat(22)}] 1/4`, '\n']);
    out.length = 0;
    bar?.(4, 4);
    bar?.end();
    expect(out).toEqual([`\r[${'#'.repeat(30)}] 4/4\n`]);
  });

  it('is off under --json, in CI, and when stderr is not a terminal', () => {
    expect(showProgress(true, {})).toBe(false);
    expect(showProgress(false, { CI: '1' })).toBe(false);
    expect(showProgress(false, {})).toBe(process.stderr.isTTY === true);
  });
});
