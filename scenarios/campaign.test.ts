import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import lostWakeup from './bugs/lost-wakeup.ts';
import { mergeShards, runCampaign } from './campaign.ts';
import { checkScenario } from './check.ts';
import eventWakeup from './event-wakeup.ts';
import { bundleWorker } from './worker-bundle.ts';

describe('check campaigns', { timeout: 120_000 }, () => {
  const o = { runs: 300, seed: 11, strategy: 'pct' as const };

  it('two worker threads report exactly what one thread reports for the same seed', async () => {
    const one = checkScenario(lostWakeup, o);
    const two = await runCampaign(lostWakeup, { ...o, target: 'lost-wakeup', workers: 2 });
    expect(one.ok).toBe(false);
    expect(two.workers).toBe(2);
    expect(two.foundAt).toBe(one.foundAt);
    expect(two.failure?.params).toEqual(one.failure?.params);
    expect(two.failure?.traceHash).toBe(one.failure?.traceHash);
    expect(two.failure?.replay).toBe(one.failure?.replay);
  });

  it('shards cover the campaign and merge to the single-threaded result', async () => {
    const one = checkScenario(lostWakeup, o);
    const shards = await Promise.all(
      [1, 2, 3].map((index) =>
        runCampaign(lostWakeup, { ...o, target: 'lost-wakeup', workers: 1, shard: { index, count: 3 } }),
      ),
    );
    const merged = mergeShards(shards);
    expect(merged.foundAt).toBe(one.foundAt);
    expect(merged.failure?.traceHash).toBe(one.failure?.traceHash);
  });

  it('a passing campaign explores every run once across shards', async () => {
    const shards = await Promise.all(
      [1, 2].map((index) =>
        runCampaign(eventWakeup, { ...o, runs: 40, target: 'event-wakeup', workers: 1, shard: { index, count: 2 } }),
      ),
    );
    expect(shards.map((s) => s.explored)).toEqual([20, 20]);
    expect(mergeShards(shards)).toMatchObject({ ok: true, explored: 40 });
  });

  it('builds one JavaScript file for the workers, for a built-in name or a file, and deletes it after', async () => {
    for (const target of ['lost-wakeup', 'reports/bench/rmw-race.ts']) {
      const b = await bundleWorker(target);
      expect(b).not.toBeNull();
      const file = (b as NonNullable<typeof b>).file;
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).not.toMatch(/from ['"][^'"]+\.ts['"]/); // nothing left to compile
      b?.dispose();
      expect(existsSync(file)).toBe(false);
    }
  });
});
