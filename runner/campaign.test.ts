import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lostWakeup from '../scenarios/bugs/lost-wakeup.ts';
import eventWakeup from '../scenarios/threading/event-wakeup.ts';
import { exploreShare, mergeShards, runCampaign } from './campaign.ts';
import { checkScenario } from './check.ts';
import { bundleWorker } from './worker-bundle.ts';

describe('check campaigns', { timeout: 120_000 }, () => {
  const o = { runs: 300, seed: 11, strategy: 'pct' as const };

  // The failure comes early: the main thread may explore every run before a worker starts,
  // so this compares the reports; `exploreShare` below tests sharing the runs.
  it('a campaign of two workers reports exactly what checkScenario reports for the same seed', async () => {
    const one = checkScenario(lostWakeup, o);
    const two = await runCampaign(lostWakeup, { ...o, workers: 2, ref: { file: 'scenarios/bugs/lost-wakeup.ts' } });
    expect(one.ok).toBe(false);
    expect(two.workers).toBe(2);
    expect(two.foundAt).toBe(one.foundAt);
    expect(two.failure?.params).toEqual(one.failure?.params);
    expect(two.failure?.traceHash).toBe(one.failure?.traceHash);
    expect(two.failure?.replay).toBe(one.failure?.replay);
  });

  it('a portfolio campaign is the single-threaded check (its runs depend on those before), and is not sharded', async () => {
    const one = checkScenario(lostWakeup, { runs: 300, seed: 11 });
    const two = await runCampaign(lostWakeup, { runs: 300, seed: 11, workers: 2 });
    expect([two.workers, two.foundAt, two.member, two.failure?.traceHash]).toEqual([
      1,
      one.foundAt,
      one.member,
      one.failure?.traceHash,
    ]);
    await expect(runCampaign(lostWakeup, { runs: 300, shard: { index: 1, count: 2 } })).rejects.toThrow(
      'a portfolio check cannot be sharded',
    );
  });

  it('shards cover the campaign and merge to the single-threaded result', async () => {
    const one = checkScenario(lostWakeup, o);
    const shards = await Promise.all(
      [1, 2, 3].map((index) => runCampaign(lostWakeup, { ...o, workers: 1, shard: { index, count: 3 } })),
    );
    const merged = mergeShards(shards);
    expect(merged.foundAt).toBe(one.foundAt);
    expect(merged.failure?.traceHash).toBe(one.failure?.traceHash);
  });

  it('a passing campaign explores every run once across shards', async () => {
    const shards = await Promise.all(
      [1, 2].map((index) => runCampaign(eventWakeup, { ...o, runs: 40, workers: 1, shard: { index, count: 2 } })),
    );
    expect(shards.map((s) => s.explored)).toEqual([20, 20]);
    expect(mergeShards(shards)).toMatchObject({ ok: true, explored: 40 });
  });

  it('explorers sharing the counter explore every run below the lowest failure exactly once', async () => {
    const indices = Array.from({ length: 500 }, (_, i) => i);
    const failing = new Set([437, 263, 301]);
    const explored = new Map<number, number>();
    const passes = (i: number) => {
      explored.set(i, (explored.get(i) ?? 0) + 1);
      return !failing.has(i);
    };
    const shared = new Int32Array(new SharedArrayBuffer(8));
    shared[1] = 2 ** 31 - 1;
    let runs = 0;
    const progress = (n: number) => {
      runs += n;
    };
    // Yielding after every batch interleaves the two: each claims batches in turn.
    const a = exploreShare(indices, shared, passes, progress, 1);
    const b = exploreShare(indices, shared, passes, progress, 1);
    await Promise.all([a, b]);
    expect(shared[1]).toBe(263);
    for (let i = 0; i <= 263; i++) expect(explored.get(i), `run ${i}`).toBe(1);
    expect([...explored.values()].every((n) => n === 1)).toBe(true);
    expect(runs).toBe(explored.size);
  });

  it('builds one JavaScript file for the workers, for a built-in (by name in the registry module) or a file, and deletes it after', async () => {
    // The README's scenario, in a directory outside the repository: it imports 'concsim'.
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = /```ts\n(import \{[^`]*defineScenario[^`]*)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const user = join(mkdtempSync(join(tmpdir(), 'concsim-user-')), 'hello.ts');
    writeFileSync(user, example as string);
    const builtins = { file: 'scenarios/index.ts', name: 'lost-wakeup' };
    for (const ref of [builtins, { file: 'reports/bench/rmw-race.ts' }, { file: user }]) {
      const b = await bundleWorker(ref);
      expect(b, ref.file).not.toBeNull();
      const file = (b as NonNullable<typeof b>).file;
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).not.toMatch(/from ['"][^'"]+\.ts['"]/); // nothing left to compile
      b?.dispose();
      expect(existsSync(file)).toBe(false);
    }
  });
});
