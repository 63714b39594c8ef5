/**
 * The cpu-vs-io suite: its report for fixed results (a small recorded run, in
 * __fixtures__), pinned as HTML and Markdown; the numbers and sentences it derives; a small
 * live run; and the registry that finds suites by their files. Regenerate the golden files
 * with `npx vitest run -u reports/suites` and review the diff.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../runner/params.ts';
import type { LineChart, TableBlock } from '../html/doc.ts';
import { renderHtml, renderMarkdown } from '../html/render.ts';
import { bugHunt } from './bug-hunt.ts';
import { type CpuVsIoResults, cpuVsIoReport, cpuVsIoSuite, runCpuVsIo, WAYS } from './cpu-vs-io.ts';
import { findSuite, SUITES, suiteFiles } from './index.ts';
import { poolsSuite } from './pools.ts';
import { isSuite, overSeeds, suiteCommand, workerSweep } from './suite.ts';

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/cpu-vs-io.results.json', import.meta.url), 'utf8'),
) as CpuVsIoResults;

describe('cpu-vs-io report', () => {
  it('pins the HTML page for fixed results', async () => {
    await expect(renderHtml(cpuVsIoReport(fixture))).toMatchFileSnapshot('./__golden__/cpu-vs-io.html');
  });

  it('pins the Markdown twin for fixed results', async () => {
    await expect(renderMarkdown(cpuVsIoReport(fixture))).toMatchFileSnapshot('./__golden__/cpu-vs-io.md.golden');
  });

  it('reads the numbers right: winners, speed-ups over seeds, the GIL', () => {
    const doc = cpuVsIoReport(fixture);
    // CPU-bound, 2 workers on 2 cores: serial / processes = 0.045024 / 0.027822 and 0.045105 / 0.028768, median 1.59.
    expect(doc.headline[0]).toBe(
      'CPU-bound tasks: the process pool wins — 1.59× faster than serial at 2 workers (1.57×–1.62× over 2 seeds); the thread pool reaches 1× at best, so the winner is 1.59× as fast. The thread pool and the greenlet pool never beat serial at any worker count — the GIL lets one thread of a process compute at a time, and greenlets share one OS thread.',
    );
    expect(doc.headline[1]).toMatch(
      /^I\/O-bound tasks: the thread pool and the greenlet pool tie — 3\.1\d× faster than serial at 4 workers .*; the process pool reaches 2\.4\d× at best/,
    );
    const [cpu, io] = doc.sections[0]!.blocks as [LineChart, LineChart];
    expect(cpu.series.map((s) => s.name)).toEqual([
      'thread pool',
      'process pool',
      'greenlet pool',
      'ideal: min(workers, 2 cores)',
    ]);
    expect(cpu.xTicks).toEqual([1, 2, 4]);
    expect(cpu.series[0]?.points.map((p) => p.y)).toEqual([1, 1, 1]);
    expect(cpu.series[3]?.points.map((p) => p.y)).toEqual([1, 2, 2]);
    expect(io.series[3]?.points.map((p) => p.y)).toEqual([1, 2, 4]);
    const proc = cpu.series[1]?.points[1];
    expect(proc?.lo).toBeCloseTo(0.045105 / 0.028768, 9);
    expect(proc?.hi).toBeCloseTo(0.045024 / 0.027822, 9);
    expect(cpu.reading).toContain('(their lines lie on top of each other)');
    const table = doc.sections[1]?.blocks[0] as TableBlock;
    // Per kind and worker count: serial plus the three ways.
    expect(table.rows).toHaveLength(2 * 3 * (1 + WAYS.length));
    expect(table.rows[0]).toEqual(['CPU-bound', '1', 'serial', '45.1 ms', '45 ms–45.1 ms', '1×', '']);
    expect(doc.sections[2]?.blocks.map((b) => b.kind)).toEqual(['timeline', 'timeline']);
    expect(doc.data).toBe(fixture);
    const html = renderHtml(doc);
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    expect(html).toContain(
      '<code data-testid="command">concsim report cpu-vs-io --seeds 2 --param tasks=4 --param seconds=0.01 --param cores=2 --param maxWorkers=4</code>',
    );
    for (const id of ['chart-speedup-cpu', 'chart-speedup-io', 'timeline-run-cpu', 'timeline-run-io']) {
      expect(html).toContain(`data-testid="${id}"`);
    }
  });

  it('says "with all seeds" when the seeds agree', () => {
    const f = (x: number) => `${x}×`;
    expect(overSeeds({ median: 2, min: 2, max: 2 }, f, 3)).toBe('2× with all 3 seeds');
    expect(overSeeds({ median: 2, min: 2, max: 2 }, f, 1)).toBe('2× with the one seed');
    expect(overSeeds({ median: 2, min: 2, max: 2 }, f, 2)).toBe('2× with both seeds');
    expect(overSeeds({ median: 2, min: 1, max: 3 }, f, 3)).toBe('1×–3× over 3 seeds');
  });
});

describe('cpu-vs-io suite', () => {
  it('sweeps worker counts by powers of two, ending at the maximum', () => {
    expect(workerSweep(8)).toEqual([1, 2, 4, 8]);
    expect(workerSweep(6)).toEqual([1, 2, 4, 6]);
    expect(workerSweep(1)).toEqual([1]);
  });

  it('runs: every kind × worker count × seed, plain JSON results, a timeline per kind', () => {
    const params = resolveParams('suite cpu-vs-io', cpuVsIoSuite.params, { tasks: 3, maxWorkers: 2, seconds: 0.01 });
    const progress: number[] = [];
    const r = runCpuVsIo({
      params,
      seeds: 2,
      command: suiteCommand(cpuVsIoSuite, params, 2),
      onProgress: (d, t) => progress.push(d / t),
    });
    expect(r.workers).toEqual([1, 2]);
    expect(r.runs).toHaveLength(2 * 2 * 2);
    expect(progress.at(-1)).toBe(1);
    for (const run of r.runs) {
      if (run.kind === 'cpu') {
        expect(run.threads).toBeGreaterThanOrEqual(run.serial);
        expect(run.greenlets).toBeGreaterThanOrEqual(run.serial);
      }
    }
    expect(r.examples.map((e) => [e.kind, e.workers, e.seed])).toEqual([
      ['cpu', 2, 0],
      ['io', 2, 0],
    ]);
    expect(r.examples[0]?.replay).toMatch(
      /^concsim replay cpu-vs-io --seed 0 --costs calibrated --param tasks=3 --param workers=2 .*--choices /,
    );
    expect(JSON.parse(JSON.stringify(r))).toStrictEqual(r);
  });
});

describe('the suite registry', () => {
  it('finds every suite module of the folder, by its file name, in name order', () => {
    expect(SUITES.map((s) => s.name)).toEqual(expect.arrayContaining(['bug-hunt', 'cpu-vs-io', 'pools']));
    expect(SUITES.map((s) => s.name)).toEqual([...SUITES.map((s) => s.name)].sort());
    expect(findSuite('cpu-vs-io')).toBe(cpuVsIoSuite);
    expect(findSuite('pools')).toBe(poolsSuite);
    expect(findSuite('bug-hunt')).toBe(bugHunt);
    const files = suiteFiles(readdirSync(new URL('./', import.meta.url)));
    expect(files).not.toContain('index.ts');
    expect(files).not.toContain('suite.ts');
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });

  it('picks suite modules only: not tests, not the framework', () => {
    expect(
      suiteFiles([
        'io-models.ts',
        'io-models.test.ts',
        'stats.ts',
        'suite.ts',
        'index.ts',
        '.x.ts',
        'a.d.ts',
        'b.json',
      ]),
    ).toEqual(['io-models.ts']);
    expect(isSuite(cpuVsIoSuite)).toBe(true);
    expect(isSuite({ name: 'x' })).toBe(false);
    expect(isSuite(null)).toBe(false);
  });

  it('gives every suite a tour size its parameters accept', () => {
    for (const s of SUITES) {
      if (s.tour === undefined) continue;
      expect(s.tour.seeds).toBeGreaterThan(0);
      expect(() => resolveParams(`suite ${s.name}`, s.params, s.tour?.params ?? {})).not.toThrow();
    }
  });
});
