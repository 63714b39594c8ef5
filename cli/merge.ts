/**
 * `concsim merge`: reading the `--json` reports of a sharded check and making sure they
 * are one campaign before combining them — the same scenario, seed, strategy and number
 * of runs, and every slice i/n present exactly once. Anything else is a usage error
 * naming the file at fault, never a merged result for a campaign that did not run.
 */
import { readFileSync } from 'node:fs';
import type { CampaignReport } from '../runner/campaign.ts';
import { UsageFailure } from './usage.ts';

/** A shard's report as read: a campaign report that also states the campaign's size. */
type ShardReport = CampaignReport & { readonly shard: { index: number; count: number }; readonly total: number };

const isCount = (x: unknown, min: number): x is number => Number.isSafeInteger(x) && (x as number) >= min;

/** Reads and checks one shard report; throws a `UsageFailure` naming `file`. */
export function readShardReport(file: string): ShardReport {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as { code?: string }).code === 'ENOENT' ? 'no such file' : (e as Error).message.split('\n')[0];
    throw new UsageFailure(`cannot read shard report '${file}': ${why}`);
  }
  const r = data as Partial<ShardReport> | null;
  const shard = r?.shard as Partial<ShardReport['shard']> | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.ok !== 'boolean' ||
    typeof r.scenario !== 'string' ||
    typeof r.strategy !== 'string' ||
    !isCount(r.seed, 0) ||
    !isCount(r.explored, 0) ||
    !isCount(r.total, 1) ||
    typeof shard !== 'object' ||
    shard === null ||
    !isCount(shard.count, 1) ||
    !isCount(shard.index, 1) ||
    shard.index > shard.count ||
    (!r.ok && (typeof r.failure !== 'object' || r.failure === null || !isCount(r.failedIndex, 0)))
  ) {
    throw new UsageFailure(`'${file}' is not the --json report of a sharded check (concsim check --shard i/n --json)`);
  }
  return r as ShardReport;
}

/** Checks that `reports` (read from `files`) are every slice of one campaign, once each. */
export function checkCampaign(files: readonly string[], reports: readonly ShardReport[]): void {
  const first = reports[0] as ShardReport;
  const n = first.shard.count;
  const seen = new Map<number, string>();
  reports.forEach((r, i) => {
    const file = files[i] as string;
    for (const [what, a, b] of [
      ['scenario', r.scenario, first.scenario],
      ['seed', r.seed, first.seed],
      ['strategy', r.strategy, first.strategy],
      ['runs', r.total, first.total],
      ['shard count', r.shard.count, n],
    ] as const) {
      if (a !== b) {
        throw new UsageFailure(
          `'${file}' is from another campaign: ${what} ${String(a)}, but '${files[0]}' has ${String(b)}`,
        );
      }
    }
    const twin = seen.get(r.shard.index);
    if (twin !== undefined) {
      throw new UsageFailure(`shard ${r.shard.index}/${n} given twice: '${twin}' and '${file}'`);
    }
    seen.set(r.shard.index, file);
  });
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new UsageFailure(
      `missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')}: a campaign of ${n} shards needs each once`,
    );
  }
}
