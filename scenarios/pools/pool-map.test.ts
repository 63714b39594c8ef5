/**
 * pool-map's documented outcomes, pinned: map returns every task's span in input order,
 * measured from the map call; a process pool runs a chunk's tasks back to back in one
 * worker; a thread pool ignores chunksize; and the invariants hold over a small grid.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../runner/run.ts';
import poolMap from './pool-map.ts';

describe('pool-map', () => {
  it('returns each task’s start, end and worker in input order; a chunk runs in one worker, in order', () => {
    const r = runScenario(poolMap, {
      seed: 2,
      params: { executor: 'process', workers: 3, chunksize: 4, tasks: 10, seconds: 0.01 },
    });
    expect(r.verdict.kind).toBe('ok');
    const spans = r.result?.spans ?? [];
    expect(spans.map((s) => s[0])).toEqual([...Array(10).keys()]);
    const chunks = [spans.slice(0, 4), spans.slice(4, 8), spans.slice(8)];
    for (const c of chunks) expect(new Set(c.map((s) => s[3])).size).toBe(1);
    expect(new Set(chunks.map((c) => c[0]?.[3])).size).toBe(3);
    for (const [, start, end] of spans) {
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThan(start);
      expect(end).toBeLessThanOrEqual(r.result?.elapsed ?? 0);
    }
    // A task runs for its drawn duration: 25% computing on a free core, the rest sleeping.
    for (const [i, start, end] of spans) expect(end - start).toBeCloseTo(r.result?.durations[i] ?? 0, 5);
  });

  it('a thread pool ignores chunksize [MAP-5]', () => {
    const run = (chunksize: number) =>
      runScenario(poolMap, { seed: 5, params: { executor: 'thread', workers: 2, chunksize, tasks: 6 } }).result;
    expect(run(3)).toEqual(run(1));
  });

  it('keeps its invariants over a grid of pools, sizes and chunks', () => {
    for (const executor of ['thread', 'process'] as const) {
      for (const [workers, chunksize] of [
        [1, 1],
        [2, 3],
        [4, 2],
        [8, 1],
      ] as const) {
        const r = runScenario(poolMap, {
          seed: workers,
          strategy: 'random',
          params: { executor, workers, chunksize, tasks: 9, seconds: 0.002 },
        });
        expect(r.verdict, `${executor} ${workers} ${chunksize}`).toEqual({ kind: 'ok' });
        expect(r.invariants.every((i) => i.ok && i.checked)).toBe(true);
        expect(new Set(r.result?.spans.map((s) => s[3])).size).toBeLessThanOrEqual(workers);
      }
    }
  });
});
