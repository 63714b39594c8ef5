/**
 * `pools`: a ThreadPoolExecutor and a ProcessPoolExecutor mapping the same tasks
 * (scenarios/pools/pool-map.ts: `executor.map(work, items, chunksize=c)`), over a sweep of
 * `maxWorkers` (1, 2, 4, … up to `maxWorkers`) and of `chunksize` (1, 4, 16, … up to
 * `maxChunksize`), over several seeds. Every task reports when it started and ended, so
 * the suite derives, per run:
 *
 * - the *queueing delay* of each task: from the `map` call (which submits every task at
 *   once) to the task's start — the time it waited for a worker, or, in a chunk, for the
 *   tasks ahead of it;
 * - the *utilisation*: busy worker-seconds over `workers ×` the map's elapsed time, and
 *   over time, the share of the pool's workers busy in each slice of the run.
 *
 * Each report also embeds one run per pool kind as a timeline.
 */
import type { DEFAULT_COSTS } from '../../engine/index.ts';
import { param } from '../../runner/params.ts';
import poolMap, { type PoolMapResult, type TaskSpan } from '../../scenarios/pools/pool-map.ts';
import type { LineChart, LinePoint, ReportBlock, ReportDoc } from '../html/doc.ts';
import { fmt } from '../html/svg.ts';
import { TraceRecorder } from '../trace/collect.ts';
import { buildTimeline, type Timeline } from '../trace/timeline.ts';
import { CONCSIM_VERSION } from '../version.ts';
import { quantile, type Spread, spread } from './stats.ts';
import {
  costsSourceOf,
  defineSuite,
  listJoin,
  nearest,
  overSeeds,
  paramRows,
  profileFields,
  runOk,
  type SuiteRunOptions,
  seedsText,
  workerSweep,
} from './suite.ts';

/** Where the scenario lives, for replay commands (it is run by path, not registered). */

/** Slices of the utilisation-over-time chart. */
const CURVE_BINS = 40;

export type PoolsParams = {
  readonly tasks: number;
  readonly seconds: number;
  readonly cpu: number;
  readonly jitter: number;
  readonly cores: number;
  readonly maxWorkers: number;
  readonly maxChunksize: number;
  readonly focus: number;
};

export type Executor = 'thread' | 'process';
const EXECUTORS: readonly Executor[] = ['thread', 'process'];

export interface PoolsRun {
  readonly executor: Executor;
  readonly workers: number;
  readonly chunksize: number;
  readonly seed: number;
  /** Seconds from the map call to the last result. */
  readonly elapsed: number;
  /** Queueing delay over the run's tasks, seconds: mean, 95th percentile, max. */
  readonly delayMean: number;
  readonly delayP95: number;
  readonly delayMax: number;
  /** Busy worker-seconds / (workers × elapsed), 0..1. */
  readonly utilisation: number;
  readonly steps: number;
}

/** Busy workers / workers per time slice of one run at the focus worker count. */
export interface BusyCurve {
  readonly executor: Executor;
  readonly chunksize: number;
  readonly seed: number;
  /** Per slice k (from k·step to (k+1)·step after the map call): the mean share of workers busy, 0..1. */
  readonly busy: readonly number[];
}

export interface PoolsExample {
  readonly executor: Executor;
  readonly workers: number;
  readonly chunksize: number;
  readonly seed: number;
  readonly steps: number;
  readonly replay: string;
  readonly timeline: Timeline;
}

export interface PoolsResults {
  readonly suite: 'pools';
  readonly version: string;
  readonly command: string;
  readonly seeds: number;
  readonly params: PoolsParams;
  readonly costs: typeof DEFAULT_COSTS;
  readonly costsSource?: string;
  readonly workers: readonly number[];
  readonly chunksizes: readonly number[];
  readonly runs: readonly PoolsRun[];
  /** The worker count of the curves and timelines, and the curves' slice length (seconds). */
  readonly focus: number;
  readonly curveStep: number;
  readonly curves: readonly BusyCurve[];
  readonly examples: readonly PoolsExample[];
}

/** 1, 4, 16, … up to `max` (and `max` itself if it is not a power of four). */
export function chunkSweep(max: number): number[] {
  const out: number[] = [];
  for (let c = 1; c <= max; c *= 4) out.push(c);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Queueing delays and utilisation of one run's task spans. */
export function measure(spans: readonly TaskSpan[], workers: number, elapsed: number) {
  const delays = spans.map((s) => s[1]).sort((a, b) => a - b);
  const busy = spans.reduce((sum, s) => sum + (s[2] - s[1]), 0);
  return {
    delayMean: r6(delays.reduce((a, b) => a + b, 0) / Math.max(1, delays.length)),
    delayP95: r6(quantile(delays, 0.95)),
    delayMax: r6(delays[delays.length - 1] ?? 0),
    utilisation: elapsed > 0 ? Math.round((busy / (workers * elapsed)) * 1e4) / 1e4 : 0,
  };
}

/** The mean share of `workers` busy in each slice [k·step, (k+1)·step). */
export function busyCurve(spans: readonly TaskSpan[], workers: number, step: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const [, start, end] of spans) {
    const first = Math.max(0, Math.floor(start / step));
    const last = Math.min(bins - 1, Math.floor(end / step));
    for (let k = first; k <= last; k++) {
      const overlap = Math.min(end, (k + 1) * step) - Math.max(start, k * step);
      if (overlap > 0) out[k] = (out[k] as number) + overlap;
    }
  }
  return out.map((b) => Math.round((b / (step * workers)) * 1e4) / 1e4);
}

export function runPools(o: SuiteRunOptions<PoolsParams>): PoolsResults {
  const p = o.params;
  const workers = workerSweep(p.maxWorkers);
  const chunksizes = chunkSweep(p.maxChunksize);
  const focus = nearest(workers, p.focus);
  const exampleChunk = chunksizes[Math.min(1, chunksizes.length - 1)] as number;
  const total = EXECUTORS.length * chunksizes.length * workers.length * o.seeds;
  let done = 0;
  const runs: PoolsRun[] = [];
  const focusSpans: { executor: Executor; chunksize: number; seed: number; spans: readonly TaskSpan[] }[] = [];
  const examples: PoolsExample[] = [];
  for (const executor of EXECUTORS) {
    for (const chunksize of chunksizes) {
      for (const w of workers) {
        for (let seed = 0; seed < o.seeds; seed++) {
          const params = {
            executor,
            workers: w,
            chunksize,
            tasks: p.tasks,
            seconds: p.seconds,
            cpu: p.cpu,
            jitter: p.jitter,
            cores: p.cores,
          };
          const example =
            w === focus && seed === 0 && chunksize === (executor === 'thread' ? chunksizes[0] : exampleChunk);
          const rec = example ? new TraceRecorder() : null;
          const r = runOk(poolMap, {
            seed,
            strategy: 'random',
            params,
            ...(rec ? { listeners: [rec.listener] } : {}),
          });
          const x: PoolMapResult = r.result;
          runs.push({
            executor,
            workers: w,
            chunksize,
            seed,
            elapsed: x.elapsed,
            ...measure(x.spans, w, x.elapsed),
            steps: r.steps,
          });
          if (w === focus) focusSpans.push({ executor, chunksize, seed, spans: x.spans });
          if (rec !== null) {
            examples.push({
              executor,
              workers: w,
              chunksize,
              seed,
              steps: r.steps,
              replay: r.replay,
              // The Gantt draws no counters (the Chrome trace export has them): leave them out of the results.
              timeline: {
                ...buildTimeline({ records: rec.records, threads: r.threads, processes: rec.processes() }),
                counters: [],
              },
            });
          }
          o.onProgress?.(++done, total);
        }
      }
    }
  }
  const horizon = Math.max(1e-6, ...focusSpans.flatMap((f) => f.spans.map((s) => s[2])));
  const curveStep = r6(Math.max(1e-6, Math.ceil((horizon / CURVE_BINS) * 1e6) / 1e6));
  const curves = focusSpans.map((f) => ({
    executor: f.executor,
    chunksize: f.chunksize,
    seed: f.seed,
    busy: busyCurve(f.spans, focus, curveStep, CURVE_BINS),
  }));
  return {
    suite: 'pools',
    version: CONCSIM_VERSION,
    command: o.command,
    seeds: o.seeds,
    params: p,
    ...profileFields(),
    workers,
    chunksizes,
    runs,
    focus,
    curveStep,
    curves,
    examples,
  };
}

// ---- the report (pure) --------------------------------------------------------------------

type Metric = 'elapsed' | 'delayMean' | 'delayP95' | 'utilisation';

function runsOf(r: PoolsResults, executor: Executor, chunksize: number, w: number): PoolsRun[] {
  return r.runs.filter((x) => x.executor === executor && x.chunksize === chunksize && x.workers === w);
}

function stat(r: PoolsResults, executor: Executor, chunksize: number, w: number, m: Metric): Spread {
  return spread(runsOf(r, executor, chunksize, w).map((x) => x[m]));
}

/** Whether the thread pool's runs are the same at every chunksize (ThreadPoolExecutor ignores it). */
function threadIgnoresChunksize(r: PoolsResults): boolean {
  const base = r.chunksizes[0] as number;
  return r.chunksizes.every((c) =>
    r.workers.every((w) => {
      const a = runsOf(r, 'thread', base, w);
      const b = runsOf(r, 'thread', c, w);
      return a.length === b.length && a.every((x, i) => x.elapsed === b[i]?.elapsed && x.delayMean === b[i]?.delayMean);
    }),
  );
}

interface Variant {
  readonly executor: Executor;
  readonly chunksize: number;
  readonly label: string;
}

/** The lines to draw: the thread pool once if `threadSame` (it ignored chunksize), else per chunksize; the process pool per chunksize. */
function variants(r: PoolsResults, threadSame: boolean): Variant[] {
  const out: Variant[] = threadSame
    ? [{ executor: 'thread', chunksize: r.chunksizes[0] as number, label: 'thread pool (chunksize ignored)' }]
    : r.chunksizes.map((c) => ({ executor: 'thread' as const, chunksize: c, label: `thread pool, chunksize ${c}` }));
  for (const c of r.chunksizes) out.push({ executor: 'process', chunksize: c, label: `process pool, chunksize ${c}` });
  return out;
}

const ms = (s: number) => `${fmt(s * 1000, 1)} ms`;
const pct = (f: number) => `${fmt(f * 100, 0)}%`;

const POOL_LABEL: Readonly<Record<Executor, string>> = { thread: 'thread pool', process: 'process pool' };

interface Config {
  readonly v: Variant;
  readonly workers: number;
  readonly delay: Spread;
}

/** The configuration with the lowest median mean queueing delay (fewest workers, smallest chunksize on ties). */
function bestConfig(r: PoolsResults, vs: readonly Variant[]): Config {
  let best: Config | null = null;
  for (const v of vs) {
    for (const w of r.workers) {
      const d = stat(r, v.executor, v.chunksize, w, 'delayMean');
      if (best === null || d.median < best.delay.median) best = { v, workers: w, delay: d };
    }
  }
  return best as Config;
}

/** The fewest workers whose median `m` is within 5% of the variant's best (lowest). */
function saturation(r: PoolsResults, v: Variant, m: Metric): { workers: number; value: number } {
  const vals = r.workers.map((w) => stat(r, v.executor, v.chunksize, w, m).median);
  const min = Math.min(...vals);
  const i = vals.findIndex((d) => d <= min * 1.05);
  return { workers: r.workers[i] as number, value: vals[i] as number };
}

function headlines(r: PoolsResults, vs: readonly Variant[], threadSame: boolean): string[] {
  const p = r.params;
  const out: string[] = [];
  const best = bestConfig(r, vs);
  const other: Executor = best.v.executor === 'thread' ? 'process' : 'thread';
  const rival = bestConfig(
    r,
    vs.filter((v) => v.executor === other),
  );
  const times = rival.delay.median / best.delay.median;
  out.push(
    `Shortest queueing delay: the ${POOL_LABEL[best.v.executor]} with ${best.workers} workers${best.v.executor === 'process' ? ` and chunksize ${best.v.chunksize}` : ''} — its tasks waited ${ms(best.delay.median)} on average from the map call to their start (${overSeeds(best.delay, ms, r.seeds)}); the ${POOL_LABEL[other]}'s best is ${ms(rival.delay.median)} (${rival.workers} workers${other === 'process' ? `, chunksize ${rival.v.chunksize}` : ''}), ${fmt(times, 2)}× as long.`,
  );
  const tv = vs.find((v) => v.executor === 'thread') as Variant;
  const pv = vs.find((v) => v.executor === 'process' && v.chunksize === r.chunksizes[0]) as Variant;
  const ts = saturation(r, tv, 'elapsed');
  const ps = saturation(r, pv, 'elapsed');
  const last = r.workers[r.workers.length - 1] as number;
  const largest = (w: number) => (w === last ? ' (the largest pool tried)' : '');
  const why =
    p.cpu > 0 && ts.workers < ps.workers
      ? ` ${fmt(p.cpu * 100, 0)}% of each task computes: the GIL lets one thread compute at a time, while worker processes compute on ${p.cores} cores.`
      : '';
  out.push(
    `More workers stop shortening the map (elapsed within 5% of its best) at ${ts.workers} for the thread pool${largest(ts.workers)} and at ${ps.workers} for the process pool with chunksize ${pv.chunksize}${largest(ps.workers)}.${why}`,
  );
  const tDelaySat = stat(r, 'thread', tv.chunksize, ts.workers, 'delayMean').median;
  const tDelayLast = stat(r, 'thread', tv.chunksize, last, 'delayMean').median;
  if (ts.workers < last && tDelayLast < tDelaySat * 0.95) {
    out.push(
      `Past ${ts.workers} workers the thread pool's queueing delay still falls (${ms(tDelaySat)} → ${ms(tDelayLast)} at ${last}) while the map takes no less time: tasks start sooner only to wait inside for the GIL.`,
    );
  }
  if (r.chunksizes.length > 1) {
    const lo = r.chunksizes[0] as number;
    const hi = r.chunksizes[r.chunksizes.length - 1] as number;
    const uLo = stat(r, 'process', lo, r.focus, 'utilisation').median;
    const uHi = stat(r, 'process', hi, r.focus, 'utilisation').median;
    const eLo = stat(r, 'process', lo, r.focus, 'elapsed').median;
    const eHi = stat(r, 'process', hi, r.focus, 'elapsed').median;
    const chunks = Math.ceil(p.tasks / hi);
    out.push(
      `Chunksize trades messages for balance: on the process pool with ${r.focus} workers, chunksize ${hi} (${p.tasks} tasks in ${chunks} chunk${chunks === 1 ? '' : 's'}) keeps ${pct(uHi)} of the workers busy against ${pct(uLo)} at chunksize ${lo}, and the map takes ${fmt(eHi / eLo, 2)}× as long (${ms(eHi)} against ${ms(eLo)}).`,
    );
  }
  if (threadSame && r.chunksizes.length > 1) {
    out.push(
      `ThreadPoolExecutor ignores chunksize: its runs at chunksize ${listJoin(r.chunksizes.map(String))} gave identical timings, so the charts show it once.`,
    );
  }
  return out;
}

function sweepChart(
  r: PoolsResults,
  vs: readonly Variant[],
  o: {
    id: string;
    title: string;
    reading: string;
    yLabel: string;
    yUnit: string;
    metric: Metric;
    scale: number;
    yMax?: number;
  },
): LineChart {
  const series = vs.map((v) => ({
    name: v.label,
    points: r.workers.map((w): LinePoint => {
      const s = stat(r, v.executor, v.chunksize, w, o.metric);
      return { x: w, y: s.median * o.scale, lo: s.min * o.scale, hi: s.max * o.scale };
    }),
  }));
  const top = Math.max(...series.flatMap((s) => s.points.map((pt) => pt.hi ?? pt.y)), 1e-9);
  const last = r.workers[r.workers.length - 1] as number;
  return {
    kind: 'line',
    id: o.id,
    title: o.title,
    reading: o.reading,
    xLabel: 'maxWorkers',
    yLabel: o.yLabel,
    xUnit: 'workers',
    yUnit: o.yUnit,
    xScale: 'log',
    xDomain: [r.workers[0] ?? 1, Math.max(2, last)],
    xTicks: r.workers,
    yDomain: [0, o.yMax ?? top * 1.05],
    series,
    errorBars: `min–max over ${seedsText(r.seeds)}`,
  };
}

function curveChart(r: PoolsResults, vs: readonly Variant[]): LineChart {
  const series = vs.map((v) => {
    const cs = r.curves.filter((c) => c.executor === v.executor && c.chunksize === v.chunksize);
    const bins = cs[0]?.busy.length ?? 0;
    return {
      name: v.label,
      points: Array.from({ length: bins }, (_, k): LinePoint => {
        const s = spread(cs.map((c) => c.busy[k] as number));
        return { x: (k + 0.5) * r.curveStep * 1000, y: s.median * 100, lo: s.min * 100, hi: s.max * 100 };
      }),
    };
  });
  const ends = vs.map((v) => {
    const e = stat(r, v.executor, v.chunksize, r.focus, 'elapsed').median;
    return `${v.label} ${ms(e)}`;
  });
  return {
    kind: 'line',
    id: 'busy-over-time',
    title: `Busy workers over time, maxWorkers = ${r.focus}`,
    reading: `Higher and shorter is better: a pool that keeps its workers busy finishes sooner. Medians reach zero when the map is done — ${ends.join('; ')}.`,
    xLabel: 'time since the map call',
    yLabel: 'workers busy',
    xUnit: 'ms',
    yUnit: '%',
    xScale: 'linear',
    xDomain: [0, (r.curves[0]?.busy.length ?? CURVE_BINS) * r.curveStep * 1000],
    yDomain: [0, 100],
    series,
    errorBars: `min–max over ${seedsText(r.seeds)}, per ${ms(r.curveStep)} slice`,
    tableAt: series[0]?.points.filter((_, k) => k % 4 === 0).map((pt) => pt.x) ?? [],
  };
}

export function poolsReport(r: PoolsResults): ReportDoc {
  const p = r.params;
  const threadSame = threadIgnoresChunksize(r);
  const vs = variants(r, threadSame);
  const last = r.workers[r.workers.length - 1] as number;
  const at = (v: Variant, m: Metric, w = last) => stat(r, v.executor, v.chunksize, w, m).median;
  const readAll = (m: Metric, f: (x: number) => string, w = last) =>
    vs.map((v) => `${v.label} ${f(at(v, m, w))}`).join('; ');

  const rows: string[][] = [];
  for (const v of vs) {
    for (const w of r.workers) {
      const cell = (m: Metric, f: (x: number) => string) => {
        const s = stat(r, v.executor, v.chunksize, w, m);
        return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
      };
      rows.push([
        POOL_LABEL[v.executor],
        v.executor === 'thread' && threadSame ? 'any' : String(v.chunksize),
        String(w),
        cell('elapsed', ms),
        cell('delayMean', ms),
        cell('delayP95', ms),
        cell('utilisation', pct),
      ]);
    }
  }

  const timelines: ReportBlock[] = r.examples.map((e) => ({
    kind: 'timeline',
    id: `run-${e.executor}`,
    title: `${POOL_LABEL[e.executor]}, maxWorkers ${e.workers}${e.executor === 'process' ? `, chunksize ${e.chunksize}` : ''}, seed ${e.seed} (${fmt(e.steps)} steps)`,
    reading:
      e.executor === 'thread'
        ? 'The main thread maps; the worker threads take tasks from the work queue one at a time and take turns holding the GIL while they compute.'
        : 'The main thread maps; the manager thread feeds chunks to the worker processes through the call queue and collects their results; each process computes on its own core.',
    timeline: e.timeline,
    replay: e.replay,
  }));

  return {
    suite: 'pools',
    title: 'Pools: queueing delay and utilisation',
    description: `A ThreadPoolExecutor and a ProcessPoolExecutor mapping ${p.tasks} tasks, with maxWorkers of ${listJoin(r.workers.map(String))} and chunksizes of ${listJoin(r.chunksizes.map(String))}, on ${p.cores} simulated cores, over ${seedsText(r.seeds)}: how long tasks wait for a worker, and how busy the workers are.`,
    command: r.command,
    version: r.version,
    headline: headlines(r, vs, threadSame),
    params: paramRows(poolsSuite, r.params, r.seeds),
    costs: r.costs,
    costsSource: costsSourceOf(r),
    method: [
      `Each run is one \`concsim run pool-map\` under the random scheduler: \`executor.map(work, items, chunksize=c)\` over ${p.tasks} items on a pool of maxWorkers, inside \`with executor:\`. A task computes for ${fmt(p.cpu * 100, 0)}% of its duration (holding its process's GIL and a core) and waits on I/O for the rest; durations are drawn per seed, uniformly within ±${fmt(p.jitter * 100, 0)}% of ${ms(p.seconds)}. Seeds 0..${r.seeds - 1} vary the durations and the schedule.`,
      'Each task returns when it started and ended (virtual time) and which worker ran it. Queueing delay is a task’s start minus the map call: map submits every item (or chunk) at once, so this is the time the task waited for a free worker — or, in a chunk, for the tasks ahead of it. A run’s mean and 95th percentile are over its tasks; charts show the median of the per-run values over seeds, with min–max error bars.',
      `Utilisation is the workers’ busy time (the sum of the task durations as run) over maxWorkers × the map’s elapsed time, from the map call to the last result. A worker waiting for the GIL inside a task counts as busy. The over-time chart cuts each run at maxWorkers = ${r.focus} into ${CURVE_BINS} slices of ${ms(r.curveStep)} and shows the share of the workers busy in each.`,
      'ProcessPoolExecutor sends each chunk as one call item through its call queue and returns one result message per chunk, so bigger chunks mean fewer messages (each costs pickling and a pipe crossing in the cost model), but a chunk runs in one worker from start to end. ThreadPoolExecutor accepts chunksize and ignores it.',
    ],
    sections: [
      {
        title: 'Queueing delay',
        blocks: [
          sweepChart(r, vs, {
            id: 'delay-mean',
            title: 'Mean queueing delay: from the map call to a task’s start',
            reading: `Lower is better. More workers cut the wait until the pool runs out of parallelism. At ${last} workers: ${readAll('delayMean', ms)}.`,
            yLabel: 'mean queueing delay',
            yUnit: 'ms',
            metric: 'delayMean',
            scale: 1000,
          }),
          sweepChart(r, vs, {
            id: 'delay-p95',
            title: '95th percentile of the queueing delay',
            reading: `Lower is better: the tail — how long the last tasks wait. At ${last} workers: ${readAll('delayP95', ms)}.`,
            yLabel: '95th percentile queueing delay',
            yUnit: 'ms',
            metric: 'delayP95',
            scale: 1000,
          }),
        ],
      },
      {
        title: 'Utilisation',
        blocks: [
          sweepChart(r, vs, {
            id: 'utilisation',
            title: 'Utilisation: busy worker time / (maxWorkers × elapsed)',
            reading: `Higher means fewer idle workers; it falls as workers outnumber the work that can run at once. At ${last} workers: ${readAll('utilisation', pct)}.`,
            yLabel: 'utilisation',
            yUnit: '%',
            metric: 'utilisation',
            scale: 100,
            yMax: 100,
          }),
          curveChart(r, vs),
          sweepChart(r, vs, {
            id: 'elapsed',
            title: 'Time to map every task',
            reading: `Lower is better. At ${last} workers: ${readAll('elapsed', ms)}.`,
            yLabel: 'elapsed (map call to last result)',
            yUnit: 'ms',
            metric: 'elapsed',
            scale: 1000,
          }),
        ],
      },
      {
        title: 'All numbers',
        blocks: [
          {
            kind: 'table',
            caption: `Per configuration: median (min–max) over ${seedsText(r.seeds)}`,
            header: [
              'pool',
              'chunksize',
              'maxWorkers',
              'elapsed',
              'mean queueing delay',
              'p95 queueing delay',
              'utilisation',
            ],
            rows,
            numeric: [1, 2, 3, 4, 5, 6],
          },
        ],
      },
      {
        title: 'Timelines of single runs',
        text: [
          'Who ran when: one row per thread and process; computing in dark blue, waiting for the GIL in orange, sleeping (the I/O part of a task) in light blue, blocked on a queue or a lock in red.',
        ],
        blocks: timelines,
      },
    ],
    data: r,
  };
}

export const poolsSuite = defineSuite<PoolsParams, PoolsResults>({
  name: 'pools',
  title: 'Pools: queueing delay and utilisation',
  summary:
    'ThreadPoolExecutor vs ProcessPoolExecutor map over a sweep of maxWorkers and chunksize: queueing delay and utilisation',
  params: {
    tasks: param.int({ default: 48, min: 1, max: 10_000, doc: 'items mapped per run' }),
    seconds: param.number({ default: 0.01, min: 0.000_01, max: 10, doc: 'mean work per task, seconds' }),
    cpu: param.number({
      default: 0.25,
      min: 0,
      max: 1,
      doc: 'share of each task spent computing (the rest waits on I/O)',
    }),
    jitter: param.number({ default: 0.5, min: 0, max: 0.9, doc: "each task's work is drawn within ±jitter × seconds" }),
    cores: param.int({ default: 4, min: 1, max: 64, doc: 'simulated CPU cores' }),
    maxWorkers: param.int({ default: 16, min: 1, max: 256, doc: 'the sweep of maxWorkers: 1, 2, 4, … up to this' }),
    maxChunksize: param.int({
      default: 16,
      min: 1,
      max: 10_000,
      doc: 'the sweep of chunksize: 1, 4, 16, … up to this',
    }),
    focus: param.int({
      default: 8,
      min: 1,
      max: 256,
      doc: 'maxWorkers of the busy-over-time chart and the timelines (the nearest swept value)',
    }),
  },
  defaultSeeds: 5,
  tour: { seeds: 2, params: { tasks: 24, maxWorkers: 8, maxChunksize: 8, focus: 4 } },
  run: (o) => runPools(o),
  report: poolsReport,
});

export default poolsSuite;
