/**
 * Check campaigns spread over worker threads and across machines. The runs a check
 * explores are drawn up front from its seed (`checkInputs`), so a campaign can split them
 * and still report exactly what a single-threaded check of the same seed reports: the
 * first failing run is the one with the lowest index, whichever worker found it, and it
 * is shrunk the same way.
 *
 * - `workers`: explored runs are dealt round-robin to worker threads, each going through
 *   its share in order; once a run fails, runs above it are skipped.
 * - `shard` i/n: this process explores only the runs whose index is i-1 modulo n, so a CI
 *   matrix of n jobs covers the campaign; `mergeShards` combines their reports: the failure
 *   with the lowest index is the campaign's.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type CheckOptions, type CheckReport, checkInputs, DEFAULT_RUNS, runPasses, shrinkFailure } from './check.ts';
import type { AnyScenario } from './scenario.ts';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface CampaignOptions extends CheckOptions {
  /** Worker threads (default: one per core). */
  readonly workers?: number;
  readonly shard?: Shard;
  /** How a worker finds the scenario: a built-in name or a file path. */
  readonly target: string;
}

export interface CampaignReport extends CheckReport {
  readonly workers: number;
  readonly shard?: Shard;
  /** Runs this process explored (its shard's share, up to the first failure). */
  readonly explored: number;
  /** Index (0-based) in the whole campaign of the failing run, if any. */
  readonly failedIndex?: number;
}

/** What the main thread sends a worker, and what it sends back. */
export interface WorkerTask {
  readonly target: string;
  readonly options: Omit<CheckOptions, 'onProgress'>;
  readonly indices: readonly number[];
  /** One Int32: the lowest failing index found so far (workers skip runs above it). */
  readonly stop: SharedArrayBuffer;
}
export type WorkerMessage =
  | { readonly kind: 'progress'; readonly runs: number }
  | { readonly kind: 'fail'; readonly index: number }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string };

function shardIndices(total: number, shard: Shard | undefined): number[] {
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (shard === undefined || i % shard.count === shard.index - 1) out.push(i);
  return out;
}

function report(
  scenario: AnyScenario,
  o: CampaignOptions,
  workers: number,
  explored: number,
  failedIndex: number,
): CampaignReport {
  const shard = o.shard === undefined ? {} : { shard: o.shard };
  if (failedIndex < 0) {
    return {
      scenario: scenario.name,
      strategy: o.strategy ?? 'pct',
      seed: o.seed ?? 0,
      runs: explored,
      ok: true,
      workers,
      explored,
      ...shard,
    };
  }
  return { ...shrinkFailure(scenario, o, failedIndex), workers, explored, failedIndex, ...shard };
}

export async function runCampaign(scenario: AnyScenario, o: CampaignOptions): Promise<CampaignReport> {
  const indices = shardIndices(o.runs ?? DEFAULT_RUNS, o.shard);
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), indices.length || 1));
  if (workers === 1) {
    const inputs = checkInputs(scenario, o);
    const passes = runPasses(scenario, o);
    let explored = 0;
    for (const i of indices) {
      explored++;
      o.onProgress?.(explored, indices.length);
      if (!passes(inputs[i] as (typeof inputs)[number])) return report(scenario, o, 1, explored, i);
    }
    return report(scenario, o, 1, explored, -1);
  }
  const { onProgress, ...options } = o;
  let failed = Number.POSITIVE_INFINITY;
  let explored = 0;
  const stop = new SharedArrayBuffer(4);
  const stopAt = new Int32Array(stop);
  Atomics.store(stopAt, 0, 2 ** 31 - 1);
  const threads = Array.from({ length: workers }, (_, w) => {
    const task: WorkerTask = {
      target: o.target,
      options,
      indices: indices.filter((_, j) => j % workers === w),
      stop,
    };
    return new Worker(new URL('./cli/campaign-worker.js', import.meta.url), { workerData: task });
  });
  await Promise.all(
    threads.map(
      (t) =>
        new Promise<void>((resolve, reject) => {
          t.on('message', (m: WorkerMessage) => {
            if (m.kind === 'progress') {
              explored += m.runs;
              onProgress?.(Math.min(explored, indices.length), indices.length);
            } else if (m.kind === 'fail') {
              if (m.index < failed) {
                failed = m.index;
                Atomics.store(stopAt, 0, failed);
              }
            } else if (m.kind === 'error') {
              reject(new Error(m.message));
            } else {
              resolve();
            }
          });
          t.on('error', reject);
        }),
    ),
  );
  await Promise.all(threads.map((t) => t.terminate()));
  // Report the runs a single thread would have explored: up to and including the failure.
  const upTo = Number.isFinite(failed) ? indices.filter((i) => i <= failed).length : explored;
  return report(scenario, o, workers, upTo, Number.isFinite(failed) ? failed : -1);
}

/** Combines the reports of a sharded campaign: the failure with the lowest index wins. */
export function mergeShards(reports: readonly CampaignReport[]): CampaignReport {
  const failures = reports.filter((r) => !r.ok).sort((a, b) => (a.failedIndex ?? 0) - (b.failedIndex ?? 0));
  const explored = reports.reduce((s, r) => s + r.explored, 0);
  const first = failures[0] ?? reports[0];
  if (first === undefined) throw new Error('no shard reports to merge');
  const { shard: _shard, ...rest } = first;
  return { ...rest, explored, runs: explored };
}
