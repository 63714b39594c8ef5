/**
 * `cpu-vs-io`: the cpu-vs-io scenario — the same tasks serially, on a ThreadPoolExecutor,
 * on a ProcessPoolExecutor and on a gevent Pool of greenlets — for CPU-bound and for
 * I/O-bound tasks, over a sweep of worker counts (1, 2, 4, … up to `maxWorkers`) on
 * `cores` simulated cores, over several seeds (each seed draws the tasks' durations and
 * the schedule). The report charts each way's speed-up over serial per kind, where the
 * GIL shows as the thread pool's flat line on CPU-bound work, and embeds one run of each
 * kind as a timeline.
 */
import type { DEFAULT_COSTS } from '../../engine/index.ts';
import { param } from '../../runner/params.ts';
import cpuVsIo from '../../scenarios/pools/cpu-vs-io.ts';
import type { LineChart, LinePoint, ReportBlock, ReportDoc } from '../html/doc.ts';
import { fmt } from '../html/svg.ts';
import { TraceRecorder } from '../trace/collect.ts';
import { buildTimeline, type Timeline } from '../trace/timeline.ts';
import { CONCSIM_VERSION } from '../version.ts';
import { type Spread, spread } from './stats.ts';
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

export type CpuVsIoParams = {
  readonly tasks: number;
  readonly seconds: number;
  readonly jitter: number;
  readonly cores: number;
  readonly maxWorkers: number;
};

export type Kind = 'cpu' | 'io';
export type Way = 'threads' | 'processes' | 'greenlets';

const KINDS: readonly Kind[] = ['cpu', 'io'];
export const WAYS: readonly Way[] = ['threads', 'processes', 'greenlets'];

const WAY_LABEL: Readonly<Record<Way, string>> = {
  threads: 'thread pool',
  processes: 'process pool',
  greenlets: 'greenlet pool',
};

const KIND_LABEL: Readonly<Record<Kind, string>> = { cpu: 'CPU-bound', io: 'I/O-bound' };

/** One run of the scenario: every way's elapsed virtual seconds. */
export interface CpuVsIoRun {
  readonly kind: Kind;
  readonly workers: number;
  readonly seed: number;
  readonly serial: number;
  readonly threads: number;
  readonly processes: number;
  readonly greenlets: number;
}

export interface CpuVsIoExample {
  readonly kind: Kind;
  readonly workers: number;
  readonly seed: number;
  readonly steps: number;
  readonly replay: string;
  readonly timeline: Timeline;
}

export interface CpuVsIoResults {
  readonly suite: 'cpu-vs-io';
  readonly version: string;
  readonly command: string;
  readonly seeds: number;
  readonly params: CpuVsIoParams;
  readonly costs: typeof DEFAULT_COSTS;
  readonly costsSource?: string;
  readonly workers: readonly number[];
  readonly runs: readonly CpuVsIoRun[];
  readonly examples: readonly CpuVsIoExample[];
}

export function runCpuVsIo(o: SuiteRunOptions<CpuVsIoParams>): CpuVsIoResults {
  const p = o.params;
  const workers = workerSweep(p.maxWorkers);
  // The worker count whose run each kind's timeline shows: the core count if swept, else the nearest.
  const focus = nearest(workers, p.cores, 1);
  const total = KINDS.length * workers.length * o.seeds;
  let done = 0;
  const runs: CpuVsIoRun[] = [];
  const examples: CpuVsIoExample[] = [];
  for (const kind of KINDS) {
    for (const w of workers) {
      for (let seed = 0; seed < o.seeds; seed++) {
        const params = { kind, workers: w, tasks: p.tasks, seconds: p.seconds, jitter: p.jitter, cores: p.cores };
        const rec = w === focus && seed === 0 ? new TraceRecorder() : null;
        const r = runOk(cpuVsIo, {
          seed,
          strategy: 'random',
          params,
          ...(rec ? { listeners: [rec.listener] } : {}),
        });
        const x = r.result;
        runs.push({
          kind,
          workers: w,
          seed,
          serial: x.serial,
          threads: x.threads,
          processes: x.processes,
          greenlets: x.greenlets,
        });
        if (rec !== null) {
          examples.push({
            kind,
            workers: w,
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
  return {
    suite: 'cpu-vs-io',
    version: CONCSIM_VERSION,
    command: o.command,
    seeds: o.seeds,
    params: p,
    ...profileFields(),
    workers,
    runs,
    examples,
  };
}

// ---- the report (pure) --------------------------------------------------------------------

/** Speed-up over serial (per seed, then summarised) and elapsed time of one way at one worker count. */
function cell(r: CpuVsIoResults, kind: Kind, w: number, way: Way | 'serial'): { speedup: Spread; elapsed: Spread } {
  const rs = r.runs.filter((x) => x.kind === kind && x.workers === w);
  return {
    speedup: spread(rs.map((x) => x.serial / x[way])),
    elapsed: spread(rs.map((x) => x[way])),
  };
}

/** Parallelism available to a pool: min(workers, tasks), and for CPU-bound work also the cores. */
function ideal(p: CpuVsIoParams, kind: Kind, w: number): number {
  return Math.min(w, p.tasks, kind === 'cpu' ? p.cores : Number.POSITIVE_INFINITY);
}

const x2 = (v: number) => `${fmt(v, 2)}×`;

/** A duration for people: milliseconds under a second, seconds above. */
const secs = (v: number) => (v < 1 ? `${fmt(v * 1000, 1)} ms` : `${fmt(v, 3)} s`);

interface Best {
  readonly way: Way;
  readonly workers: number;
  readonly speedup: Spread;
}

/** A way's best median speed-up over the sweep (the fewest workers reaching it). */
function bestOf(r: CpuVsIoResults, kind: Kind, way: Way): Best {
  let best: Best | null = null;
  for (const w of r.workers) {
    const s = cell(r, kind, w, way).speedup;
    if (best === null || s.median > best.speedup.median * 1.0005) best = { way, workers: w, speedup: s };
  }
  return best as Best;
}

function kindSentence(r: CpuVsIoResults, kind: Kind): string {
  const bests = WAYS.map((way) => bestOf(r, kind, way)).sort((a, b) => b.speedup.median - a.speedup.median);
  const top = bests[0] as Best;
  const tied = bests.filter((b) => b.speedup.median >= top.speedup.median * 0.995);
  const rest = bests.filter((b) => !tied.includes(b));
  const winners = listJoin(tied.map((b) => `the ${WAY_LABEL[b.way]}`));
  const at = tied.map((b) => b.workers);
  const atText = at.every((w) => w === at[0]) ? `at ${at[0]} workers` : `at ${listJoin(at.map(String))} workers`;
  const lead = `${KIND_LABEL[kind]} tasks: ${winners} ${tied.length > 1 ? 'tie' : 'wins'} — ${x2(top.speedup.median)} faster than serial ${atText} (${overSeeds(top.speedup, x2, r.seeds)})`;
  const second = rest[0];
  const by =
    second === undefined
      ? ''
      : `; the ${WAY_LABEL[second.way]} reaches ${x2(second.speedup.median)} at best, so the winner is ${x2(top.speedup.median / second.speedup.median)} as fast`;
  const flat = WAYS.filter((way) => r.workers.every((w) => cell(r, kind, w, way).speedup.max <= 1.001));
  const gil =
    flat.length > 0
      ? `. ${listJoin(flat.map((w) => `the ${WAY_LABEL[w]}`)).replace(/^t/, 'T')} never beat${flat.length === 1 ? 's' : ''} serial at any worker count${kind === 'cpu' ? ' — the GIL lets one thread of a process compute at a time, and greenlets share one OS thread' : ''}`
      : '';
  return `${lead}${by}${gil}.`;
}

function speedupChart(r: CpuVsIoResults, kind: Kind): LineChart {
  const p = r.params;
  const series: { name: string; points: LinePoint[] }[] = WAYS.map((way) => ({
    name: WAY_LABEL[way],
    points: r.workers.map((w) => {
      const s = cell(r, kind, w, way).speedup;
      return { x: w, y: s.median, lo: s.min, hi: s.max };
    }),
  }));
  series.push({
    name: kind === 'cpu' ? `ideal: min(workers, ${p.cores} cores)` : 'ideal: min(workers, tasks)',
    points: r.workers.map((w) => ({ x: w, y: ideal(p, kind, w) })),
  });
  const last = r.workers[r.workers.length - 1] as number;
  const at = (way: Way) => x2(cell(r, kind, last, way).speedup.median);
  const same = r.workers.every(
    (w) => cell(r, kind, w, 'threads').speedup.median === cell(r, kind, w, 'greenlets').speedup.median,
  );
  const overlap = same ? ' (their lines lie on top of each other)' : '';
  const reading =
    kind === 'cpu'
      ? `Higher is better. Only the process pool climbs, up to the ${p.cores} cores; the thread pool stays at ${at('threads')} and the greenlet pool at ${at('greenlets')} however many workers they get${overlap} — that flat line is the GIL (and the one OS thread under the greenlets). At ${last} workers the process pool reaches ${at('processes')}.`
      : `Higher is better. Waiting overlaps in all three pools, so each climbs with its workers: at ${last} workers the thread pool reaches ${at('threads')}, the greenlet pool ${at('greenlets')}${overlap} and the process pool ${at('processes')} (it pays process start-up and pickling).`;
  return {
    kind: 'line',
    id: `speedup-${kind}`,
    title: `Speed-up over serial, ${KIND_LABEL[kind]} tasks (${p.tasks} tasks on ${p.cores} cores)`,
    reading,
    xLabel: 'pool size',
    yLabel: 'speed-up over serial',
    xUnit: 'workers',
    yUnit: '×',
    xScale: 'log',
    xDomain: [r.workers[0] ?? 1, Math.max(2, last)],
    xTicks: r.workers,
    yDomain: [0, Math.max(...series.flatMap((s) => s.points.map((pt) => pt.hi ?? pt.y)), 1) * 1.05],
    series,
    errorBars: `min–max over ${seedsText(r.seeds)}`,
  };
}

export function cpuVsIoReport(r: CpuVsIoResults): ReportDoc {
  const p = r.params;
  const seeds = seedsText(r.seeds);
  const headline = KINDS.map((k) => kindSentence(r, k));

  const rows: string[][] = [];
  for (const kind of KINDS) {
    for (const w of r.workers) {
      const serial = cell(r, kind, w, 'serial').elapsed;
      rows.push([
        KIND_LABEL[kind],
        String(w),
        'serial',
        secs(serial.median),
        `${secs(serial.min)}–${secs(serial.max)}`,
        '1×',
        '',
      ]);
      for (const way of WAYS) {
        const c = cell(r, kind, w, way);
        rows.push([
          KIND_LABEL[kind],
          String(w),
          WAY_LABEL[way],
          secs(c.elapsed.median),
          `${secs(c.elapsed.min)}–${secs(c.elapsed.max)}`,
          x2(c.speedup.median),
          `${x2(c.speedup.min)}–${x2(c.speedup.max)}`,
        ]);
      }
    }
  }

  const timelines: ReportBlock[] = r.examples.map((e) => ({
    kind: 'timeline',
    id: `run-${e.kind}`,
    title: `${KIND_LABEL[e.kind]} tasks, ${e.workers} workers, seed ${e.seed}: the four ways one after another (${fmt(e.steps)} steps)`,
    reading:
      e.kind === 'cpu'
        ? 'Left to right: serial, thread pool, process pool, greenlet pool. In the thread pool the workers take turns computing (the others wait for the GIL); the worker processes compute side by side; the greenlets compute one after another in one thread.'
        : 'Left to right: serial, thread pool, process pool, greenlet pool. In every pool the workers sleep side by side: waiting releases the GIL, and a patched sleep yields to the hub.',
    timeline: e.timeline,
    replay: e.replay,
  }));

  return {
    suite: 'cpu-vs-io',
    title: 'CPU-bound vs I/O-bound: threads, processes and greenlets',
    description: `The same ${p.tasks} tasks serially, on a thread pool, a process pool and a greenlet pool, CPU-bound and I/O-bound, with 1–${r.workers[r.workers.length - 1]} workers on ${p.cores} simulated cores, over ${seeds}: speed-up over serial.`,
    command: r.command,
    version: r.version,
    headline,
    params: paramRows(cpuVsIoSuite, r.params, r.seeds),
    costs: r.costs,
    costsSource: costsSourceOf(r),
    method: [
      `Each run is one \`concsim run cpu-vs-io\` (scenarios/cpu-vs-io.ts) under the random scheduler: it runs the same ${p.tasks} tasks four ways, one after another, and measures each in virtual time — a loop in the main thread; \`ThreadPoolExecutor(workers)\` with one \`submit\` per task; \`ProcessPoolExecutor(workers)\` (fork start method) the same way; and a \`gevent.pool.Pool(workers)\` after \`monkey.patchAll()\`, spawning a greenlet per task. A CPU-bound task computes for its duration (holding its process's GIL and a core); an I/O-bound task sleeps (a blocking call that releases the GIL; patched, it yields to the gevent hub).`,
      `Task durations are drawn per seed, uniformly within ±${fmt(p.jitter * 100, 0)}% of ${fmt(p.seconds, 3)} s, the same for every way in a run; seeds 0..${r.seeds - 1} also vary the schedule. Speed-up is serial time / pool time per run; lines show the median over seeds, error bars the min–max. The dashed "ideal" line is the most any pool could reach: min(workers, tasks), and for CPU-bound work also the core count.`,
      'The simulated CPython has one GIL per process with a 5 ms switch interval: CPU-bound threads of one process take turns, processes compute in parallel up to the core count. Greenlets switch only where they block, so a computing greenlet runs to the end of its task while the others wait.',
      'Each timeline is the run at the worker count nearest the core count, seed 0, with its trace recorded; the replay command under it repeats that run exactly.',
    ],
    sections: [
      {
        title: 'Speed-up over serial',
        blocks: KINDS.map((k) => speedupChart(r, k)),
      },
      {
        title: 'All numbers',
        blocks: [
          {
            kind: 'table',
            caption: `Elapsed virtual time and speed-up over serial, median and min–max over ${seeds}`,
            header: [
              'work',
              'workers',
              'way',
              'elapsed (median)',
              'elapsed (min–max)',
              'speed-up (median)',
              'speed-up (min–max)',
            ],
            rows,
            numeric: [1, 3, 4, 5, 6],
          },
        ],
      },
      {
        title: 'Timelines of single runs',
        text: [
          'Who ran when: one row per thread, process and greenlet; computing in dark blue, waiting for the GIL in orange, sleeping in light blue.',
        ],
        blocks: timelines,
      },
    ],
    data: r,
  };
}

export const cpuVsIoSuite = defineSuite<CpuVsIoParams, CpuVsIoResults>({
  name: 'cpu-vs-io',
  title: 'CPU-bound vs I/O-bound: threads, processes and greenlets',
  summary:
    'serial vs thread pool vs process pool vs greenlet pool, for CPU-bound and I/O-bound tasks over a sweep of worker counts: speed-up over serial',
  params: {
    tasks: param.int({ default: 16, min: 1, max: 1000, doc: 'tasks per run' }),
    seconds: param.number({ default: 0.1, min: 0.001, max: 10, doc: 'mean work per task, seconds' }),
    jitter: param.number({ default: 0.5, min: 0, max: 0.9, doc: "each task's work is drawn within ±jitter × seconds" }),
    cores: param.int({ default: 4, min: 1, max: 64, doc: 'simulated CPU cores' }),
    maxWorkers: param.int({ default: 16, min: 1, max: 256, doc: 'the sweep of pool sizes: 1, 2, 4, … up to this' }),
  },
  defaultSeeds: 5,
  tour: { seeds: 2, params: { tasks: 8, maxWorkers: 8 } },
  run: (o) => runCpuVsIo(o),
  report: cpuVsIoReport,
});

export default cpuVsIoSuite;
