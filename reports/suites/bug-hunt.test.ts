/**
 * The bug-hunt suite: its report, for fixed results (a small recorded run, in
 * __fixtures__), pinned as HTML and Markdown; the numbers it derives; and a small live run
 * whose results have the shape the report needs. Regenerate the golden files with
 * `npx vitest run -u reports/suites` and review the diff.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseParamArgs, resolveParams } from '../../runner/params.ts';
import { findScenario } from '../../scenarios/index.ts';
import type { BarChart } from '../html/doc.ts';
import { renderHtml, renderMarkdown } from '../html/render.ts';
import { type BugHuntResults, bugHunt, bugHuntReport, HUNT_STRATEGIES, runBugHunt } from './bug-hunt.ts';
import { findSuite, SUITES } from './index.ts';
import { summarize, wilson } from './stats.ts';
import { suiteCommand } from './suite.ts';

const fixture = JSON.parse(
  readFileSync(new URL('./__fixtures__/bug-hunt.results.json', import.meta.url), 'utf8'),
) as BugHuntResults;

describe('bug-hunt report', () => {
  it('pins the HTML page for fixed results', async () => {
    await expect(renderHtml(bugHuntReport(fixture))).toMatchFileSnapshot('./__golden__/bug-hunt.html');
  });

  it('pins the Markdown twin for fixed results', async () => {
    await expect(renderMarkdown(bugHuntReport(fixture))).toMatchFileSnapshot('./__golden__/bug-hunt.md.golden');
  });

  it('reads the numbers right: medians, censored hunts, found rates', () => {
    const doc = bugHuntReport(fixture);
    // lost-wakeup: portfolio found it at 21,1,16,1; random at 2,1,2,1; pct d=1 and d=2 never;
    // pct d=3 at 7,11,36 and not with seed 3; dfs (seed-independent) at 56.
    expect(doc.headline).toContain(
      'lost-wakeup: portfolio (median 8.5), random (median 1.5) and dfs (median 56) found it with every seed; pct d=3 with 3 of 4 seeds (median 23.5); pct d=1 and pct d=2 never did within 100 schedules.',
    );
    const chart = doc.sections[0]?.blocks[0] as BarChart;
    expect(chart.categories).toEqual(['lost-wakeup', 'lock-order-deadlock']);
    const pct1 = chart.series.find((s) => s.name === 'pct d=1');
    expect(pct1?.values[0]).toMatchObject({ value: 100, censored: true, hiOpen: true });
    const random = chart.series.find((s) => s.name === 'random');
    expect(random?.values[0]).toMatchObject({ value: 1.5, lo: 1, hi: 2 });
    const rate = doc.sections[0]?.blocks[1] as BarChart;
    expect(rate.series.map((s) => s.values[0]?.value)).toEqual([100, 100, 0, 0, 75, 100]);
    expect(doc.data).toBe(fixture);
    const html = renderHtml(doc);
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    expect(html).toContain(
      '<code data-testid="command">concsim report bug-hunt --seeds 4 --param runs=100 --param dfsBudget=5000</code>',
    );
    // Shrunk counterexamples have the fewest preemptions DFS proves (1 for both bugs).
    expect(html).toMatch(
      /<td>lost-wakeup<\/td><td>1<\/td>(<td>(1|—)<\/td>){6}<td>incomplete after 5,000 schedules<\/td>/,
    );
  });
});

describe('bug-hunt suite', () => {
  it('is registered, and parses and prints its parameters', () => {
    expect(SUITES.map((s) => s.name)).toContain('bug-hunt');
    expect(findSuite('bug-hunt')).toBe(bugHunt);
    const given = parseParamArgs('suite bug-hunt', bugHunt.params, ['runs=50', 'params=drawn']);
    const params = resolveParams('suite bug-hunt', bugHunt.params, given);
    expect(params).toEqual({ runs: 50, params: 'drawn', dfsBudget: 1000 });
    expect(suiteCommand(bugHunt, params, 5)).toBe(
      'concsim report bug-hunt --seeds 5 --param runs=50 --param params=drawn',
    );
    expect(suiteCommand(bugHunt, resolveParams('suite bug-hunt', bugHunt.params, {}), 20)).toBe(
      'concsim report bug-hunt --seeds 20',
    );
    expect(() => parseParamArgs('suite bug-hunt', bugHunt.params, ['runs=0'])).toThrow(/runs=0 is out of range/);
    expect(() => parseParamArgs('suite bug-hunt', bugHunt.params, ['depth=2'])).toThrow(
      /unknown parameter 'depth' for suite bug-hunt: accepted are runs, params, dfsBudget/,
    );
  });

  it('runs: one foundAt per seed and strategy, and a replayable shortest failure with its timeline', () => {
    const scenario = findScenario('lock-order-deadlock');
    expect(scenario).toBeDefined();
    const r = runBugHunt(
      {
        params: { runs: 30, params: 'defaults', dfsBudget: 5000 },
        seeds: 2,
        command: 'concsim report bug-hunt --seeds 2',
      },
      [scenario!],
    );
    const s = r.scenarios[0]!;
    expect(s.hunts.map((h) => h.strategy)).toEqual(HUNT_STRATEGIES.map((x) => x.id));
    for (const h of s.hunts) {
      expect(h.foundAt).toHaveLength(2);
      for (const [i, f] of h.foundAt.entries()) {
        if (f !== null) {
          expect(f).toBeGreaterThanOrEqual(1);
          expect(f).toBeLessThanOrEqual(30);
          expect(h.failures[i]).toBe('deadlock');
        }
      }
    }
    // The fewest preemptions, proven by DFS, and every strategy's shrunk counterexample has it.
    expect(s.minPreemptions).toBe(1);
    for (const h of s.hunts) for (const p of h.preemptions ?? []) if (p !== null) expect(p).toBe(1);
    expect(s.fixedDfs).toMatchObject({ complete: true, bound: 2 });
    expect(s.example).not.toBeNull();
    expect(s.example!.replay).toMatch(/^concsim replay lock-order-deadlock --seed \d+/);
    expect(s.example!.verdict).toMatch(/^deadlock/);
    expect(s.example!.timeline.threads.map((t) => t.name)).toEqual(['MainThread', 'transfer-AB', 'transfer-BA']);
    // Results are plain JSON: they survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(r))).toStrictEqual(r);
    expect(renderHtml(bugHuntReport(r))).toContain('data-testid="timeline-failure-lock-order-deadlock"');
  });
});

describe('stats', () => {
  it('treats hunts that found nothing as more than the budget', () => {
    const s = summarize([3, null, 1, null, 2]);
    expect([s.n, s.finite, s.min, s.median, s.p75, s.max]).toEqual([
      5,
      3,
      1,
      3,
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    expect(s.mean).toBe(2);
    expect(summarize([1, 2, 3, 4]).median).toBe(2.5);
    expect(summarize([]).n).toBe(0);
  });

  it('gives Wilson intervals inside [0, 1] that contain the estimate', () => {
    const w = wilson(0, 20);
    expect(w.lo).toBe(0);
    expect(w.hi).toBeCloseTo(0.161, 3);
    const v = wilson(20, 20);
    expect(v.hi).toBe(1);
    expect(v.lo).toBeCloseTo(0.839, 3);
  });
});
