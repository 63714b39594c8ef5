/**
 * Check campaigns spread over worker threads and across machines. The runs a check
 * explores are drawn up front from its seed (`checkInputs`), so a campaign can split them
 * and still report exactly what a single-threaded check of the same seed reports: the
 * first failing run is the one with the lowest index, whichever worker found it, and it
 * is shrunk the same way.
 *
 * - `workers`: the main thread and `workers - 1` worker threads explore the runs together,
 *   each claiming the next batch of run indices from a shared counter (so a worker that
 *   starts late takes fewer batches; workers start from a bundle, `worker-bundle.ts`), and
 *   lowering a shared stop index when a run fails; runs above it are skipped, and every
 *   run below it was claimed and explored, so the lowest failing index is found.
 * - `shard` i/n: this process explores only the runs whose index is i-1 modulo n, so a CI
 *   matrix of n jobs covers the campaign; `mergeShards` combines their reports: the failure
 *   with the lowest index is the campaign's.
 *
 * Only the sampling strategies (random, pct, fifo) split: the portfolio and dfs explore in
 * sequence, so a campaign of theirs is the single-threaded check, and cannot be sharded.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type CheckOptions,
  type CheckReport,
  checkScenario,
  DEFAULT_RUNS,
  passedReport,
  passesAt,
  SAMPLING_STRATEGIES,
  shrinkFailure,
} from './check.ts';
import type { ScenarioRef } from './load.ts';
import { type AnyScenario, scenarioFile } from './scenario.ts';
import { bundleWorker } from './worker-bundle.ts';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface CampaignOptions extends CheckOptions {
  /** Threads exploring, the main one and `workers - 1` worker threads (default: one per core). */
  readonly workers?: number;
  readonly shard?: Shard;
  /** Where worker threads find the scenario (default: the file `source`). */
  readonly ref?: ScenarioRef;
}

export interface CampaignReport extends CheckReport {
  readonly workers: number;
  readonly shard?: Shard;
  /** Runs this process explored (its shard's share, up to the first failure). */
  readonly explored: number;
  /** Runs of the whole campaign, every shard's (what `merge` checks the shards agree on). */
  readonly total: number;
  /** Index (0-based) in the whole campaign of the failing run, if any. */
  readonly failedIndex?: number;
}

/** What the main thread sends a worker, and what it sends back. */
export interface WorkerTask {
  /** Where a worker finds the scenario. */
  readonly ref: ScenarioRef;
  readonly options: Omit<CheckOptions, 'onProgress'>;
  readonly indices: readonly number[];
  /** Two Int32s: the next position in `indices` to claim, and the lowest failing index so far. */
  readonly shared: SharedArrayBuffer;
}
export type WorkerMessage =
  | { readonly kind: 'progress'; readonly runs: number }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string };

/** Positions in `indices` claimed at a time from the shared counter. */
const BATCH = 25;
const NEXT = 0;
const STOP = 1;

/** Lowers the shared stop index to `index` unless a lower failure is already there. */
function lowerStop(shared: Int32Array, index: number): void {
  for (;;) {
    const cur = Atomics.load(shared, STOP);
    if (cur <= index || Atomics.compareExchange(shared, STOP, cur, index) === cur) return;
  }
}

/**
 * Explores batches of `indices` claimed from the shared counter until none is left or a
 * failure below them is known; calls `progress` after each batch with the runs it made.
 * Resolves once done (it yields to the event loop between batches, so that a main thread
 * exploring too still hears from its workers).
 */
export async function exploreShare(
  indices: readonly number[],
  shared: Int32Array,
  passes: (index: number) => boolean,
  progress: (runs: number) => void,
  yieldEvery = 0,
): Promise<void> {
  for (let batches = 1; ; batches++) {
    const from = Atomics.add(shared, NEXT, BATCH);
    if (from >= indices.length) return;
    let runs = 0;
    for (let j = from; j < Math.min(from + BATCH, indices.length); j++) {
      const i = indices[j] as number;
      if (i > Atomics.load(shared, STOP)) break;
      runs++;
      if (!passes(i)) {
        lowerStop(shared, i);
        break;
      }
    }
    progress(runs);
    if (yieldEvery > 0 && batches % yieldEvery === 0) await new Promise<void>((r) => setImmediate(r));
  }
}

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
  const total = o.runs ?? DEFAULT_RUNS;
  if (failedIndex < 0) return { ...passedReport(scenario, o, explored), workers, explored, total, ...shard };
  return { ...shrinkFailure(scenario, o, failedIndex), workers, explored, total, failedIndex, ...shard };
}

export async function runCampaign(scenario: AnyScenario, o: CampaignOptions): Promise<CampaignReport> {
  if (!SAMPLING_STRATEGIES.includes(o.strategy ?? 'portfolio')) {
    // The portfolio and dfs explore in sequence (a run depends on those before it).
    if (o.shard !== undefined) throw new Error(`a ${o.strategy ?? 'portfolio'} check cannot be sharded`);
    const c = checkScenario(scenario, o);
    return {
      ...c,
      workers: 1,
      explored: c.runs,
      total: c.runs,
      ...(c.foundAt === undefined ? {} : { failedIndex: c.foundAt - 1 }),
    };
  }
  const indices = shardIndices(o.runs ?? DEFAULT_RUNS, o.shard);
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), indices.length || 1));
  const passesRun = passesAt(scenario, o);
  const { onProgress, onRun, ...options } = o;
  const passes =
    onRun === undefined
      ? passesRun
      : (i: number) => {
          onRun(i);
          return passesRun(i);
        };
  let explored = 0;
  const progress = (runs: number) => {
    explored += runs;
    onProgress?.(Math.min(explored, indices.length), indices.length);
  };
  const buffer = new SharedArrayBuffer(8);
  const shared = new Int32Array(buffer);
  Atomics.store(shared, STOP, 2 ** 31 - 1);
  const defined = scenarioFile(scenario);
  const ref =
    o.ref ??
    (o.source !== undefined
      ? { file: o.source }
      : defined === undefined
        ? undefined
        : { file: defined, name: scenario.name });
  if (ref === undefined && workers > 1) {
    throw new Error(`check of '${scenario.name}' with workers: give the scenario's file as \`source\` (or \`ref\`)`);
  }
  const task: WorkerTask = { ref: ref ?? { file: '' }, options, indices, shared: buffer };
  // The workers start once their bundle is built (in esbuild's process, while the main
  // thread explores); none start if the main thread has claimed every batch by then.
  const bundle = workers > 1 ? bundleWorker(task.ref) : Promise.resolve(null);
  const started = bundle.then((b) => {
    if (workers === 1 || Atomics.load(shared, NEXT) >= indices.length) return [];
    const entry = b === null ? new URL('./campaign-worker-entry.js', import.meta.url) : b.file;
    return Array.from({ length: workers - 1 }, () => new Worker(entry, { workerData: task }));
  });
  const finished = started.then((threads) =>
    Promise.all(
      threads.map(
        (t) =>
          new Promise<void>((resolve, reject) => {
            t.on('message', (m: WorkerMessage) => {
              if (m.kind === 'progress') progress(m.runs);
              else if (m.kind === 'error') reject(new Error(m.message));
              else resolve();
            });
            t.on('error', reject);
          }),
      ),
    ),
  );
  finished.catch(() => undefined); // awaited below, unless the main thread's share throws first
  try {
    await exploreShare(indices, shared, passes, progress, 4);
    await finished;
  } finally {
    await Promise.all((await started).map((t) => t.terminate()));
    (await bundle)?.dispose();
  }
  const failed = Atomics.load(shared, STOP);
  const found = failed < 2 ** 31 - 1;
  // Report the runs a single thread would have explored: up to and including the failure.
  const upTo = found ? indices.filter((i) => i <= failed).length : indices.length;
  return report(scenario, o, workers, upTo, found ? failed : -1);
}

/**
 * Combines the reports of every shard of a campaign (the CLI's `merge` checks that they
 * are): the failure with the lowest index wins, and its report — runs up to it, the
 * shrunk counterexample — is what a single process reports; with no failure, every run
 * of every shard passed.
 */
export function mergeShards(reports: readonly CampaignReport[]): CampaignReport {
  const failures = reports.filter((r) => !r.ok).sort((a, b) => (a.failedIndex ?? 0) - (b.failedIndex ?? 0));
  const explored = reports.reduce((s, r) => s + r.explored, 0);
  const first = failures[0] ?? reports[0];
  if (first === undefined) throw new Error('no shard reports to merge');
  const { shard: _shard, ...rest } = first;
  return { ...rest, explored, ...(first.ok ? { runs: explored } : {}) };
}
