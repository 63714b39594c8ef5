/**
 * cpu-vs-io's documented outcomes, pinned: the greenlet pool overlaps waiting like the
 * thread pool but computes one task at a time, the GIL keeps the thread pool at serial
 * speed on CPU-bound work, and jitter draws the same work for every way of one run.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../runner/run.ts';
import cpuVsIo from './cpu-vs-io.ts';

describe('cpu-vs-io', () => {
  it('CPU-bound: threads and greenlets take the serial time; processes run on the cores', () => {
    const r = runScenario(cpuVsIo, { seed: 1, strategy: 'random', params: { kind: 'cpu', tasks: 8, workers: 4 } });
    expect(r.verdict.kind).toBe('ok');
    expect(r.result).toMatchObject({ serial: 2, threads: 2, greenlets: 2, longest: 0.25 });
    expect(r.result?.speedup.processes).toBeGreaterThan(3.9);
    expect(r.invariants.map((i) => [i.name, i.ok])).toEqual([
      ['gil', true],
      ['parallelism-bound', true],
      ['io-overlap', true],
    ]);
  });

  it('I/O-bound: the greenlet pool overlaps the waits as the thread pool does', () => {
    const r = runScenario(cpuVsIo, { seed: 1, strategy: 'random', params: { kind: 'io', tasks: 8, workers: 4 } });
    expect(r.verdict.kind).toBe('ok');
    expect(r.result).toMatchObject({ serial: 2, threads: 0.5, greenlets: 0.5 });
    expect(r.result?.speedup).toMatchObject({ threads: 4, greenlets: 4 });
  });

  it('with jitter, each seed draws the work once and every way does that same work', () => {
    const a = runScenario(cpuVsIo, { seed: 3, params: { kind: 'io', tasks: 6, workers: 6, jitter: 0.5 } });
    const b = runScenario(cpuVsIo, { seed: 4, params: { kind: 'io', tasks: 6, workers: 6, jitter: 0.5 } });
    expect(a.verdict.kind).toBe('ok');
    expect(a.result?.serial).not.toBe(b.result?.serial);
    // With as many workers as tasks, the pools without start-up costs take the longest task.
    expect(a.result?.threads).toBe(a.result?.longest);
    expect(a.result?.greenlets).toBe(a.result?.longest);
    expect(a.result?.longest).toBeGreaterThan(0.25 * 0.5);
    expect(a.result?.longest).toBeLessThanOrEqual(0.25 * 1.5);
  });
});
