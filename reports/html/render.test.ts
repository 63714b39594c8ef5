/**
 * The report renderer: a fixed ReportDoc (every block kind, awkward characters, a censored
 * bar and a missing one) pinned as HTML and Markdown, and the properties every page must
 * have — self-contained, deterministic, data embedded safely. Regenerate the golden files
 * with `npx vitest run -u reports/html` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COSTS, type TraceRecord } from '../../engine/index.ts';
import { buildTimeline } from '../trace/timeline.ts';
import { wrapLabel } from './charts.ts';
import type { ReportDoc } from './doc.ts';
import { embedJson, renderHtml, renderIndex, renderMarkdown } from './render.ts';
import { fmt, linearScale, logScale, n, niceTicks } from './svg.ts';

const r = (
  time: number,
  step: number,
  fiber: number,
  kind: string,
  obj: string | null = null,
  data: TraceRecord['data'] = null,
): TraceRecord => ({
  time,
  step,
  fiber,
  kind: kind as TraceRecord['kind'],
  obj,
  data,
});

const records: TraceRecord[] = [
  r(0, 0, 1, 'spawn', null, { name: 'MainThread', pid: 1, daemon: false }),
  r(0, 1, 1, 'run'),
  r(0, 1, 2, 'spawn', null, { name: 'setter <&>', pid: 1, daemon: false }),
  r(0, 1, 1, 'block', 'ready'),
  r(0, 2, 2, 'run'),
  r(0, 2, 2, 'sleep', null, { until: 1500 }),
  r(1500, 3, 2, 'run'),
  r(1500, 3, 2, 'event.set', 'ready', { waiters: 1 }),
  r(1500, 3, 1, 'wake', 'ready', { by: 2 }),
  r(1500, 3, 2, 'finish'),
  r(1500, 4, 1, 'run'),
  r(1500, 4, 1, 'violation', null, { monitor: 'm', message: 'broken "here" </script>' }),
  r(1500, 4, 1, 'finish'),
];

const DOC: ReportDoc = {
  suite: 'sample',
  title: 'A sample report <with> "quotes" & ampersands',
  description: 'Exercises every block the renderer knows.',
  command: "concsim report sample --seeds 3 --param mode='a b'",
  version: '0.1.0',
  headline: ['Threads beat processes by 2× on I/O.', 'Nothing else <matters>.'],
  params: [{ name: 'seeds', value: '3', doc: 'seeds per variant' }],
  costs: DEFAULT_COSTS,
  costsSource: 'the default cost model (engine/costs.ts DEFAULT_COSTS)',
  method: ['Each variant ran with seeds 0..2.'],
  sections: [
    {
      title: 'Bars',
      text: ['Two kinds of bar.'],
      blocks: [
        {
          kind: 'bar',
          id: 'lin',
          title: 'Throughput',
          reading: 'Threads win.',
          xLabel: 'workload',
          yLabel: 'throughput',
          unit: 'requests/s',
          yScale: 'linear',
          categories: ['cpu-bound', 'io-bound'],
          series: [
            {
              name: 'threads',
              values: [
                { value: 10, lo: 8, hi: 12 },
                { value: 200.5, lo: 190, hi: 210 },
              ],
            },
            { name: 'processes', values: [{ value: 35, lo: 30, hi: 40 }, { value: null }] },
          ],
          errorBars: 'min–max over 3 seeds',
        },
        {
          kind: 'bar',
          id: 'log',
          title: 'Schedules',
          reading: 'Random is faster.',
          xLabel: 'scenario',
          yLabel: 'schedules',
          unit: 'schedules',
          yScale: 'log',
          ceiling: { value: 1000, label: 'budget: 1,000' },
          categories: ['a-very-long-scenario-name'],
          series: [
            { name: 'random', values: [{ value: 2, lo: 1, hi: 3 }] },
            {
              name: 'pct',
              values: [{ value: 1000, lo: 40, hi: 1000, hiOpen: true, censored: true, label: 'not found' }],
            },
          ],
          errorBars: 'interquartile range',
        },
      ],
    },
    {
      title: 'Lines and tables',
      blocks: [
        {
          kind: 'line',
          id: 'cdf',
          title: 'Found after x',
          reading: 'Random gets there first.',
          xLabel: 'schedules',
          yLabel: 'found',
          xUnit: 'schedules',
          yUnit: '%',
          xScale: 'log',
          xDomain: [1, 1000],
          yDomain: [0, 100],
          step: true,
          series: [
            {
              name: 'random',
              points: [
                { x: 1, y: 50 },
                { x: 3, y: 100 },
              ],
            },
            { name: 'pct', points: [{ x: 1, y: 0, lo: 0, hi: 10 }] },
          ],
          errorBars: 'a made-up range',
          tableAt: [1, 2, 10],
        },
        {
          kind: 'line',
          id: 'latency',
          title: 'Latency, one series 50× the other',
          reading: 'A log axis keeps the low series off the floor.',
          xLabel: 'clients',
          yLabel: 'p99 latency',
          xUnit: 'clients',
          yUnit: 'µs',
          xScale: 'linear',
          series: [
            {
              name: 'threads',
              points: [
                { x: 10, y: 20 },
                { x: 100, y: 25 },
              ],
            },
            {
              name: 'asyncio',
              points: [
                { x: 10, y: 60 },
                { x: 100, y: 1000, lo: 800, hi: 1200 },
              ],
            },
          ],
        },
        {
          kind: 'table',
          caption: 'Commands',
          header: ['run', 'command'],
          rows: [
            ['short', 'concsim run sample --seed 1'],
            ['long', `concsim replay sample --seed 1 --choices '${'0,1,2,'.repeat(120)}3'`],
          ],
          code: [1],
        },
        {
          kind: 'table',
          caption: 'Numbers | with a pipe',
          header: ['name', 'value'],
          rows: [
            ['a', '1'],
            ['b <b>', '2'],
          ],
          numeric: [1],
        },
      ],
    },
    {
      title: 'Timeline',
      blocks: [
        {
          kind: 'timeline',
          id: 'one-run',
          title: 'One run',
          reading: 'The setter wakes the main thread.',
          timeline: buildTimeline({ records }),
          replay: 'concsim replay sample --seed 1 --choices 0,1',
        },
      ],
    },
  ],
  data: { values: [1, 2, 3], nasty: '</script><script>alert(1)</script>' },
};

describe('report renderer', () => {
  it('pins the HTML page', async () => {
    await expect(renderHtml(DOC)).toMatchFileSnapshot('./__golden__/sample.html');
  });

  it('pins the Markdown twin', async () => {
    await expect(renderMarkdown(DOC)).toMatchFileSnapshot('./__golden__/sample.md.golden');
  });

  it('pins the index page', async () => {
    const html = renderIndex(
      [
        { file: 'bug-hunt.html', title: 'Bug hunt', description: 'Schedules to failure.', markdown: 'bug-hunt.md' },
        { file: 'io-models.html', title: 'I/O models & more', description: 'Five servers.' },
      ],
      '0.1.0',
    );
    await expect(html).toMatchFileSnapshot('./__golden__/index.html');
    expect(renderIndex([], '0.1.0')).toContain('No reports yet');
  });

  it('is self-contained: no script to run, no network reference, data embedded safely', () => {
    const html = renderHtml(DOC);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).not.toMatch(/@import/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script type="application/json" id="data">');
    const json = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html)?.[1] as string;
    expect(JSON.parse(json)).toEqual(DOC.data);
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('is deterministic, and states the command, version and cost model', () => {
    const html = renderHtml(DOC);
    expect(renderHtml(JSON.parse(JSON.stringify(DOC)))).toBe(html);
    expect(html).toContain(`<code data-testid="command">concsim report sample --seeds 3 --param mode='a b'</code>`);
    expect(html).toContain('concsim 0.1.0');
    expect(html).toContain('processStartSpawn');
    for (const id of ['lin', 'log', 'cdf', 'latency']) expect(html).toContain(`data-testid="chart-${id}"`);
    expect(html).toContain('data-testid="timeline-one-run"');
    const md = renderMarkdown(DOC);
    expect(md).toContain('| b <b> | 2 |');
    expect(md).toContain('| io-bound | 200.5 (190–210) | none |');
    expect(md).toContain('`concsim replay sample --seed 1 --choices 0,1`');
  });

  it('draws a line chart on a log axis when its values span more than 20×, and says so', () => {
    const html = renderHtml(DOC);
    const latency = /<svg[^>]*id="svg-latency"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(latency).toContain('(µs, log scale)');
    expect(latency).toMatch(/>20<\/text>[\s\S]*>50<\/text>[\s\S]*>1,000<\/text>/);
    const cdf = /<svg[^>]*id="svg-cdf"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(cdf).not.toContain('log scale)</text><g'); // starts at 0: stays linear
    expect(renderMarkdown(DOC)).toContain('Values: p99 latency (µs); charted on a log scale.');
  });

  it('keeps every Markdown line short, a long command split after its table', () => {
    const md = renderMarkdown(DOC);
    expect(md).toContain('| long | `concsim replay sample --seed 1 --choices …` (in full below) |');
    expect(md).toContain('long — command, in full:\n\n```sh\nconcsim replay sample --seed 1 --choices \\\n"0,1,2,');
    const longest = Math.max(
      ...md
        .split('\n')
        .filter((l) => !l.startsWith('|'))
        .map((l) => l.length),
    );
    expect(longest).toBeLessThanOrEqual(200);
  });

  it('gives every chart mark a tooltip and a value', () => {
    const html = renderHtml(DOC);
    const marks = html.match(/<(rect|path|text) class="[^"]*\bmark\b[^"]*"[^>]*>/g) ?? [];
    expect(marks.length).toBeGreaterThan(8);
    for (const m of marks) expect(m).toMatch(/data-value="/);
    expect(html).toContain('<title>io-bound · processes: none</title>');
    expect(html).toMatch(/<tspan x="[\d.]+" dy="0">a-very-long-scenario-name<\/tspan>/);
  });
});

describe('SVG helpers', () => {
  it('formats numbers for markup and for people', () => {
    expect(n(1 / 3)).toBe('0.33');
    expect(n(-0.001)).toBe('0');
    expect(n(1e-7)).toBe('0');
    expect(fmt(1234567.891)).toBe('1,234,567.89');
    expect(fmt(2.5, 0)).toBe('3');
    expect(fmt(-1500)).toBe('−1,500');
    expect(fmt(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('picks nice ticks and scales', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    const lin = linearScale(0, 93, 100, 0);
    expect(lin.domain).toEqual([0, 100]);
    expect(lin(50)).toBe(50);
    const lg = logScale(1, 1000, 0, 300);
    expect(lg.ticks).toEqual([1, 10, 100, 1000]);
    expect(lg(10)).toBeCloseTo(100);
  });

  it('wraps category labels at hyphens', () => {
    expect(wrapLabel('lock-order-deadlock', 12)).toEqual(['lock-order-', 'deadlock']);
    expect(wrapLabel('short', 12)).toEqual(['short']);
    expect(embedJson({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}');
  });
});
