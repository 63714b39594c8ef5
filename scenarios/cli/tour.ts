/**
 * The tour (`npm start`): every built-in scenario once, in one summary table. A scenario
 * from the zoo of known bugs is checked instead (pct, up to 1,000 schedules), and passes
 * when the checker finds its bug.
 */
import { performance } from 'node:perf_hooks';
import { formatTime } from '../../engine/index.ts';
import { checkScenario } from '../check.ts';
import { table } from '../format.ts';
import { BUILTIN_SCENARIOS } from '../registry.ts';
import { runScenario } from '../run.ts';

interface TourRow {
  readonly scenario: string;
  readonly expected: 'ok' | 'bug found';
  readonly verdict: string;
  readonly pass: boolean;
  readonly virtualTime: number;
  readonly steps: number;
  readonly wallMs: number;
  readonly note: string;
}

export function runTour(o: { json?: boolean }, out: (s: string) => void): number {
  const rows: TourRow[] = [];
  for (const s of BUILTIN_SCENARIOS) {
    const t0 = performance.now();
    if (s.expectFailure) {
      const c = checkScenario(s, { runs: 1000, strategy: 'pct', seed: 0 });
      const f = c.failure;
      rows.push({
        scenario: s.name,
        expected: 'bug found',
        verdict: f ? f.verdict.kind : 'ok',
        pass: !c.ok,
        virtualTime: f ? f.virtualTime : 0,
        steps: f ? f.steps : 0,
        wallMs: performance.now() - t0,
        note: f ? `found in schedule ${c.foundAt}, replay: ${f.replay}` : `not found in ${c.runs} schedules`,
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
    }
  }
  const failed = rows.filter((r) => !r.pass).length;
  if (o.json) {
    out(JSON.stringify({ rows, failed }));
  } else {
    out(
      table(
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
      ),
    );
    out('');
    for (const r of rows) if (r.note) out(`${r.scenario}: ${r.note}`);
    out(
      failed === 0
        ? `\nall ${rows.length} scenarios behaved as expected`
        : `\n${failed} of ${rows.length} scenarios did not`,
    );
  }
  return failed === 0 ? 0 : 1;
}
