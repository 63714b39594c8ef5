/**
 * The pools suite: its report for fixed results (a small recorded run, in __fixtures__),
 * pinned as HTML and Markdown; the measures it derives from task spans (queueing delay,
 * utilisation, busy workers over time); and a small live run. Regenerate the golden files
 * with `npx vitest run -u reports/suites` and review the diff.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../runner/params.ts';
import type { TaskSpan } from '../../scenarios/pools/pool-map.ts';
import type { LineChart, TableBlock } from '../html/doc.ts';
import { renderHtml, renderMarkdown } from '../html/render.ts';
import { busyCurve, chunkSweep, measure, type PoolsResults, poolsReport, poolsSuite, runPools } from './pools.ts';
import { suiteCommand } from './suite.ts';

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/pools.results.json', import.meta.url), 'utf8'),
) as PoolsResults;

describe('pools report', () => {
  it('pins the HTML page for fixed results', async () => {
    await expect(renderHtml(poolsReport(fixture))).toMatchFileSnapshot('./__golden__/pools.html');
  });

  it('pins the Markdown twin for fixed results', async () => {
    await expect(renderMarkdown(poolsReport(fixture))).toMatchFileSnapshot('./__golden__/pools.md.golden');
  });

  it('reads the numbers right: the winner, saturation, chunksize, and the thread pool ignoring it', () => {
    const doc = poolsReport(fixture);
    // 8 tasks of ~5 ms: at 4 workers the thread pool's tasks wait 3.985 and 3.557 ms on average.
    expect(doc.headline[0]).toBe(
      "Shortest queueing delay: the thread pool with 4 workers — its tasks waited 3.8 ms on average from the map call to their start (3.6 ms–4 ms over 2 seeds); the process pool's best is 7.4 ms (4 workers, chunksize 1), 1.96× as long.",
    );
    expect(doc.headline).toContain(
      'ThreadPoolExecutor ignores chunksize: its runs at chunksize 1 and 4 gave identical timings, so the charts show it once.',
    );
    const delay = doc.sections[0]?.blocks[0] as LineChart;
    expect(delay.series.map((s) => s.name)).toEqual([
      'thread pool (chunksize ignored)',
      'process pool, chunksize 1',
      'process pool, chunksize 4',
    ]);
    const thread4 = delay.series[0]?.points[2];
    expect(thread4).toMatchObject({ x: 4, lo: 3.557, hi: 3.985 });
    expect(thread4?.y).toBeCloseTo(3.771, 9);
    const util = doc.sections[1]?.blocks[0] as LineChart;
    expect(util.yDomain).toEqual([0, 100]);
    for (const s of util.series) for (const p of s.points) expect(p.y).toBeLessThanOrEqual(100);
    const curve = doc.sections[1]?.blocks[1] as LineChart;
    expect(curve.id).toBe('busy-over-time');
    expect(curve.title).toBe('Busy workers over time, maxWorkers = 2');
    expect(curve.series[0]?.points).toHaveLength(40);
    const table = doc.sections[2]?.blocks[0] as TableBlock;
    expect(table.rows).toHaveLength(3 * 3);
    expect(table.rows[0]?.slice(0, 3)).toEqual(['thread pool', 'any', '1']);
    expect(doc.sections[3]?.blocks.map((b) => b.kind)).toEqual(['timeline', 'timeline']);
    const html = renderHtml(doc);
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    for (const id of ['delay-mean', 'delay-p95', 'utilisation', 'busy-over-time', 'elapsed']) {
      expect(html).toContain(`data-testid="chart-${id}"`);
    }
    expect(html).toContain('Replay this run: <code class="cmd">concsim replay pool-map --seed 0');
  });
});

describe('pool measures', () => {
  const spans: TaskSpan[] = [
    [0, 0, 0.002, 'a'],
    [1, 0, 0.001, 'b'],
    [2, 0.001, 0.004, 'b'],
    [3, 0.002, 0.003, 'a'],
  ];

  it('derives queueing delays and utilisation from task spans', () => {
    // Delays 0, 0, 1, 2 ms; busy 2 + 1 + 3 + 1 = 7 ms of 2 workers × 4 ms.
    expect(measure(spans, 2, 0.004)).toEqual({
      delayMean: 0.00075,
      delayP95: 0.00185,
      delayMax: 0.002,
      utilisation: 0.875,
    });
  });

  it('cuts busy time into slices, as a share of the workers', () => {
    expect(busyCurve(spans, 2, 0.001, 4)).toEqual([1, 1, 1, 0.5]);
    // Slices past the end are idle; a span is split across the slices it overlaps.
    expect(busyCurve([[0, 0.0005, 0.0015, 'a']], 1, 0.001, 3)).toEqual([0.5, 0.5, 0]);
  });

  it('sweeps chunksize by powers of four, ending at the maximum', () => {
    expect(chunkSweep(16)).toEqual([1, 4, 16]);
    expect(chunkSweep(8)).toEqual([1, 4, 8]);
    expect(chunkSweep(1)).toEqual([1]);
  });
});

describe('pools suite', () => {
  it('runs: every pool × chunksize × maxWorkers × seed, curves at the focus size, a timeline per pool', () => {
    const params = resolveParams('suite pools', poolsSuite.params, {
      tasks: 6,
      seconds: 0.002,
      maxWorkers: 2,
      maxChunksize: 4,
      focus: 2,
    });
    const r = runPools({ params, seeds: 2, command: suiteCommand(poolsSuite, params, 2) });
    expect(r.workers).toEqual([1, 2]);
    expect(r.chunksizes).toEqual([1, 4]);
    expect(r.runs).toHaveLength(2 * 2 * 2 * 2);
    expect(r.curves).toHaveLength(2 * 2 * 2);
    for (const run of r.runs) {
      expect(run.utilisation).toBeGreaterThan(0);
      expect(run.utilisation).toBeLessThanOrEqual(1);
      expect(run.delayMean).toBeLessThanOrEqual(run.delayMax);
    }
    expect(r.examples.map((e) => [e.executor, e.workers, e.chunksize])).toEqual([
      ['thread', 2, 1],
      ['process', 2, 4],
    ]);
    expect(r.examples[1]?.replay).toMatch(/^concsim replay pool-map --seed 0 .*--param chunksize=4/);
    expect(JSON.parse(JSON.stringify(r))).toStrictEqual(r);
  });
});
