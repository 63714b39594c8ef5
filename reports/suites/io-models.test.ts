/**
 * The io-models suite: its report for fixed, hand-made results (structure, the numbers
 * charted and the headline sentences), the client sweep, and a tiny live run.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COSTS } from '../../engine/index.ts';
import { resolveParams } from '../../runner/params.ts';
import { IO_MODELS, type IoModel } from '../../scenarios/net/io-models.ts';
import type { LineChart, TableBlock } from '../html/doc.ts';
import { renderHtml, renderMarkdown } from '../html/render.ts';
import { findSuite } from './index.ts';
import {
  clientSweep,
  type IoModelsPoint,
  type IoModelsResults,
  ioModelsReport,
  ioModelsSuite,
  runIoModels,
} from './io-models.ts';
import { suiteCommand } from './suite.ts';

/** Per model at 100 clients: throughput, p50 ms, server CPU ms, memory MiB (p99 is twice p50). */
const BASE: Record<IoModel, [number, number, number, number]> = {
  thread: [1000, 0.02, 1, 20],
  gevent: [900, 0.03, 1, 10],
  polling: [800, 0.05, 10, 10],
  epoll: [1040, 0.04, 2, 10],
  asyncio: [500, 0.1, 4, 11],
};

function fixture(): IoModelsResults {
  const points: IoModelsPoint[] = [];
  for (const clients of [10, 100]) {
    for (const seed of [0, 1]) {
      for (const model of IO_MODELS) {
        const [tp, p50, cpu, mem] = BASE[model];
        // Seed 1 moves the thread and epoll servers' throughput: medians 1050 each, a tie.
        const bump = seed === 1 ? (model === 'thread' ? 100 : model === 'epoll' ? 20 : 0) : 0;
        points.push({
          clients,
          seed,
          model,
          throughput: ((tp + bump) * clients) / 100,
          p50Ms: p50,
          p99Ms: p50 * 2,
          serverCpuMs: (cpu * clients) / 100,
          cpuMs: (cpu * clients) / 50,
          memoryMiB: mem,
          peakThreads: model === 'thread' ? clients + 1 : 1,
        });
      }
    }
  }
  return {
    suite: 'io-models',
    version: '0.0.0-test',
    command: 'concsim report io-models --seeds 2 --param maxClients=100',
    seeds: 2,
    params: { maxClients: 100, messages: 3, size: 64, think: 0.002, arrival: 0.00001 },
    costs: DEFAULT_COSTS,
    clients: [10, 100],
    points,
    runs: [10, 100].flatMap((clients) =>
      [0, 1].map((seed) => ({
        clients,
        seed,
        steps: 1000 + clients,
        replay: `concsim replay io-models --seed ${seed} --param clients=${clients}`,
      })),
    ),
  };
}

describe('io-models report', () => {
  const r = fixture();
  const doc = ioModelsReport(r);

  it('says which model wins each measure at the largest client count, and by how much', () => {
    expect(doc.headline).toEqual([
      'Throughput at 100 clients: thread per connection and epoll tie at 1,050 msg/s (1,000 msg/s–1,100 msg/s over 2 seeds); the next, gevent, has 900 msg/s (the winner is 1.17× as fast), and asyncio is the slowest at 500 msg/s (the winner is 2.1× as fast).',
      "Median (p50) latency at 100 clients: thread per connection wins at 20 µs (20 µs with both seeds); the next, gevent, has 30 µs (1.5× the winner's), and asyncio is the worst at 100 µs (5× the winner's).",
      "p99 latency at 100 clients: thread per connection wins at 40 µs (40 µs with both seeds); the next, gevent, has 60 µs (1.5× the winner's), and asyncio is the worst at 200 µs (5× the winner's).",
      "Server CPU busy time at 100 clients: thread per connection and gevent tie at 1 ms (1 ms with both seeds); the next, epoll, has 2 ms (2× the winner's), and non-blocking polling is the worst at 10 ms (10× the winner's).",
      "Peak server memory at 100 clients: gevent, non-blocking polling and epoll tie at 10 MiB (10 MiB with both seeds); the next, asyncio, has 11 MiB (1.1× the winner's), and thread per connection is the worst at 20 MiB (2× the winner's).",
    ]);
  });

  it('charts each measure against the client count, one line per model with its spread', () => {
    const charts = doc.sections[0]?.blocks as LineChart[];
    expect(charts.map((c) => c.id)).toEqual([
      'io-throughput',
      'io-p50Ms',
      'io-p99Ms',
      'io-serverCpuMs',
      'io-memoryMiB',
    ]);
    for (const c of charts) {
      expect(c.kind).toBe('line');
      expect(c.xTicks).toEqual([10, 100]);
      expect(c.xLabel).toBe('concurrent clients');
      expect(c.yUnit).not.toBe('');
      expect(c.errorBars).toBe('min–max over 2 seeds');
      expect(c.reading).toMatch(/^(Higher|Lower) is better\. From 10 to 100 clients /);
      expect(c.series.map((s) => s.name)).toEqual([
        'thread per connection',
        'gevent',
        'non-blocking polling',
        'epoll',
        'asyncio',
      ]);
    }
    const [tp, p50] = charts as [LineChart, LineChart];
    expect(tp.series[0]?.points[1]).toEqual({ x: 100, y: 1050, lo: 1000, hi: 1100 });
    expect(tp.reading).toBe(
      'Higher is better. From 10 to 100 clients asyncio goes from 50 msg/s to 500 msg/s, the lowest at the end, while thread per connection ends highest at 1,050 msg/s.',
    );
    expect(p50.yUnit).toBe('µs');
    expect(p50.series[4]?.points.map((p) => p.y)).toEqual([100, 100]);
  });

  it('tabulates every client count × model, and the command that repeats each seed-0 run', () => {
    const table = doc.sections[1]?.blocks[0] as TableBlock;
    expect(table.rows).toHaveLength(2 * IO_MODELS.length);
    expect(table.rows[5]).toEqual([
      '100',
      'thread per connection',
      '1,050 (1,000–1,100)',
      '20',
      '40',
      '1',
      '20',
      '101',
    ]);
    const runs = doc.sections[2]?.blocks[0] as TableBlock;
    expect(runs.rows).toEqual([
      ['10', '1,010', 'concsim run io-models --seed 0 --strategy random --param clients=10'],
      ['100', '1,100', 'concsim run io-models --seed 0 --strategy random --param clients=100'],
    ]);
    expect(runs.code).toEqual([2]);
    expect(doc.data).toBe(r);
    expect(doc.params.map((p) => p.name)).toEqual(['seeds', 'maxClients', 'messages', 'size', 'think', 'arrival']);
  });

  it('renders to HTML and Markdown without holes', () => {
    const html = renderHtml(doc);
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    expect(html).toContain(
      '<code data-testid="command">concsim report io-models --seeds 2 --param maxClients=100</code>',
    );
    for (const id of ['io-throughput', 'io-p50Ms', 'io-p99Ms', 'io-serverCpuMs', 'io-memoryMiB']) {
      expect(html).toContain(`data-testid="chart-${id}"`);
    }
    const md = renderMarkdown(doc);
    expect(md).toContain('- Throughput at 100 clients: thread per connection and epoll tie');
    expect(md).not.toMatch(/NaN|undefined/);
  });
});

describe('io-models suite', () => {
  it('sweeps client counts 10, 30, 100, 300, …, ending at the maximum', () => {
    expect(clientSweep(300)).toEqual([10, 30, 100, 300]);
    expect(clientSweep(1000)).toEqual([10, 30, 100, 300, 1000]);
    expect(clientSweep(50)).toEqual([10, 30, 50]);
    expect(clientSweep(3)).toEqual([3]);
  });

  it('is registered, with a tour size its parameters accept', () => {
    expect(findSuite('io-models')).toBe(ioModelsSuite);
    expect(() =>
      resolveParams('suite io-models', ioModelsSuite.params, ioModelsSuite.tour?.params ?? {}),
    ).not.toThrow();
  });

  it('runs: every client count × seed × model, plain JSON results', () => {
    const params = resolveParams('suite io-models', ioModelsSuite.params, { maxClients: 3, messages: 1 });
    const progress: number[] = [];
    const r = runIoModels({
      params,
      seeds: 1,
      command: suiteCommand(ioModelsSuite, params, 1),
      onProgress: (d, t) => progress.push(d / t),
    });
    expect(r.clients).toEqual([3]);
    expect(r.points.map((p) => p.model)).toEqual([...IO_MODELS]);
    expect(progress).toEqual([1]);
    for (const p of r.points) {
      expect(p.throughput).toBeGreaterThan(0);
      expect(p.serverCpuMs).toBeGreaterThan(0);
      expect(p.peakThreads).toBe(p.model === 'thread' ? 4 : 1);
    }
    expect(r.runs[0]?.replay).toMatch(/^concsim replay io-models --seed 0 .*--param clients=3/);
    expect(JSON.parse(JSON.stringify(r))).toStrictEqual(r);
  });
});
