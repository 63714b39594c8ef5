/**
 * `fidelity`: each built-in scenario that models one of the study note's programs, predicted
 * by concsim with the active cost profile (and with the uncalibrated one, for comparison), side
 * by side with its real twin (`scenarios/<topic>/<name>.py`) run on real CPython: makespans,
 * speed-ups and p50 latencies per workload and parameter point, with predicted ÷ real.
 *
 * Unlike the other suites, half of this one is not deterministic: the real runs read real
 * time. `--param real=run` (the default) measures them now, `repeats` times each (set
 * CONCSIM_PYTHON, and CONCSIM_GEVENT_PYTHON for the gevent twins; CONCSIM_FIDELITY_RECORD=FILE
 * also writes the raw measurements there); `real=fixture` reads the committed measurements in
 * reports/calibrate/fidelity.real.json, so the report (and its test) needs no Python, or those of
 * the file CONCSIM_FIDELITY_FIXTURE names (a record from another run or machine); `real=none`
 * shows the predictions alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CostModel, UNCALIBRATED_COSTS } from '../../engine/index.ts';
import { param } from '../../runner/params.ts';
import type { AnyScenario } from '../../runner/scenario.ts';
import geventEcho from '../../scenarios/net/gevent-echo-server.ts';
import ioModels from '../../scenarios/net/io-models.ts';
import threadedClients from '../../scenarios/net/threaded-clients.ts';
import callbackCrawler from '../../scenarios/pools/callback-crawler.ts';
import cpuVsIo from '../../scenarios/pools/cpu-vs-io.ts';
import processPoolSquares from '../../scenarios/pools/process-pool-squares.ts';
import eventWakeup from '../../scenarios/threading/event-wakeup.ts';
import timerHello from '../../scenarios/threading/timer-hello.ts';
import { CalibrateError } from '../calibrate/calibrate.ts';
import gilContention from '../calibrate/gil-contention.ts';
import { measureTwins, pythonsFromEnv, type RealMeasurements, type TwinCall } from '../calibrate/twins.ts';
import type { BarChart, ReportDoc } from '../html/doc.ts';
import { fmt } from '../html/svg.ts';
import { CONCSIM_VERSION } from '../version.ts';
import { spread } from './stats.ts';
import { costsSourceOf, defineSuite, paramRows, profileFields, runOk, type SuiteRunOptions } from './suite.ts';

export type FidelityParams = {
  readonly size: 'small' | 'full';
  readonly real: 'run' | 'fixture' | 'none';
  readonly repeats: number;
  readonly cores: number;
};

const FIXTURE = fileURLToPath(new URL('../calibrate/fidelity.real.json', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: results and twin outputs are JSON of each scenario's shape
type Json = any;

/** A measure of a point: how to read it from a prediction and from one repeat of the twins. */
interface Metric {
  readonly name: string;
  readonly unit: 's' | 'ms' | '×';
  /** Relative tolerance the issue sets (0.1 = within 10%), or null when none is set. */
  readonly target: number | null;
  predicted(result: Json, virtualTime: number): number;
  real(outputs: Json): number;
}

/** A parameter point of a workload: the scenario run, and the twin calls built from its prediction. */
interface PointSpec {
  readonly workload: string;
  readonly label: string;
  readonly scenario: AnyScenario;
  readonly params: Readonly<Record<string, unknown>>;
  calls(result: Json): Record<string, TwinCall>;
  /** The twin does the work seed 0 drew (`calls` passes it in), so only seed 0 is predicted. */
  readonly seedZeroWork?: boolean;
  readonly metrics: readonly Metric[];
}

const elapsed = (target: number | null, name = 'makespan'): Metric => ({
  name,
  unit: 's',
  target,
  predicted: (_r, t) => t,
  real: (o) => o.main.elapsed,
});

const echoMetrics = (target: number | null, p50Target: number | null): Metric[] => [
  { name: 'makespan', unit: 's', target, predicted: (r) => echoOf(r).elapsed, real: (o) => o.main.elapsed },
  {
    name: 'p50 latency',
    unit: 'ms',
    target: p50Target,
    predicted: (r) => echoOf(r).latencyMs.p50,
    real: (o) => o.main.latencyMs.p50,
  },
];

/** io-models' CPU time from the go, in ms, named alike in the scenario's model result and the twin's output. */
const ioCpu = (name: string, key: 'serverCpuMs' | 'cpuMs'): Metric => ({
  name,
  unit: 'ms',
  target: null,
  predicted: (r) => r.models[0][key],
  real: (o) => o.main[key],
});

/** The echo summary of a threaded-clients / gevent-echo-server result, or io-models' one model. */
function echoOf(r: Json): Json {
  return r.echo ?? r.models[0].echo;
}

function twin(file: string, params: Record<string, unknown>, gevent = false): TwinCall {
  return { file, gevent, params };
}

const WAYS = ['threads', 'processes'] as const;

/** The points of each size: the issue's at full size, a quick subset at small. */
export function pointSpecs(size: FidelityParams['size'], cores: number): PointSpec[] {
  const full = size === 'full';
  const specs: PointSpec[] = [];
  const squares = { workers: full ? 3 : 2, tasks: full ? 11 : 4, executor: 'process' };
  specs.push({
    workload: 'process-pool-squares',
    label: `${squares.tasks} tasks, ${squares.workers} workers`,
    scenario: processPoolSquares,
    params: squares,
    calls: (r) => ({ main: twin('scenarios/pools/process-pool-squares.py', { ...squares, delays: r.delays }) }),
    seedZeroWork: true,
    metrics: [{ ...elapsed(0.1), predicted: (r) => r.elapsed }],
  });
  const crawler = { pages: full ? 20 : 6, workers: 5, latency: 0.2, bandwidth: 1e6 };
  specs.push({
    workload: 'callback-crawler',
    label: `${crawler.pages} pages, ${crawler.workers} workers`,
    scenario: callbackCrawler,
    params: crawler,
    calls: (r) => ({ main: twin('scenarios/pools/callback-crawler.py', { ...crawler, pages: r.work }) }),
    seedZeroWork: true,
    metrics: [elapsed(null)],
  });
  const tasks = full ? 8 : 4;
  const seconds = full ? 0.25 : 0.05;
  for (const kind of ['cpu', 'io'] as const) {
    for (const workers of full ? [1, 2, 4] : [1, 2]) {
      const p = { kind, tasks, workers, seconds, cores };
      const file = 'scenarios/pools/cpu-vs-io.py';
      specs.push({
        workload: 'cpu-vs-io',
        label: `${kind}-bound, ${workers} worker${workers === 1 ? '' : 's'}`,
        scenario: cpuVsIo,
        params: p,
        calls: () => ({
          serial: twin(file, { ...p, way: 'serial' }),
          threads: twin(file, { ...p, way: 'threads' }),
          processes: twin(file, { ...p, way: 'processes' }),
        }),
        metrics: [
          ...(workers === 1
            ? [
                {
                  name: 'serial makespan',
                  unit: 's',
                  target: 0.1,
                  predicted: (r: Json) => r.serial,
                  real: (o: Json) => o.serial.elapsed,
                } as const,
              ]
            : []),
          ...WAYS.map(
            (w): Metric => ({
              name: `${w} makespan`,
              unit: 's',
              target: 0.1,
              predicted: (r) => r[w],
              real: (o) => o[w].elapsed,
            }),
          ),
          ...WAYS.map(
            (w): Metric => ({
              name: `${w} speed-up`,
              unit: '×',
              target: 0.1,
              predicted: (r) => r.serial / r[w],
              real: (o) => o.serial.elapsed / o[w].elapsed,
            }),
          ),
        ],
      });
      specs.push({
        workload: 'cpu-vs-io',
        label: `${kind}-bound, ${workers} greenlet${workers === 1 ? '' : 's'}`,
        scenario: cpuVsIo,
        params: p,
        calls: () => ({ greenlets: twin(file, { ...p, way: 'greenlets' }, true) }),
        metrics: [
          {
            name: 'greenlets makespan',
            unit: 's',
            target: null,
            predicted: (r) => r.greenlets,
            real: (o) => o.greenlets.elapsed,
          },
        ],
      });
    }
  }
  const threaded = { clients: full ? 500 : 50, messages: 3, think: 0.001 };
  specs.push({
    workload: 'threaded-clients',
    label: `${threaded.clients} clients`,
    scenario: threadedClients,
    params: threaded,
    calls: () => ({ main: twin('scenarios/net/threaded-clients.py', threaded) }),
    metrics: echoMetrics(0.1, null),
  });
  const gev = { clients: full ? 50 : 10, messages: 4, minSize: 16, maxSize: 8192, think: 0.001 };
  specs.push({
    workload: 'gevent-echo-server',
    label: `${gev.clients} clients`,
    scenario: geventEcho,
    params: gev,
    calls: () => ({ main: twin('scenarios/net/gevent-echo-server.py', gev, true) }),
    metrics: echoMetrics(0.1, null),
  });
  for (const clients of full ? [100, 1000] : [20]) {
    for (const model of ['thread', 'gevent', 'polling', 'epoll', 'asyncio'] as const) {
      const p = { model, clients, messages: 3, size: 64, think: 0.002, arrival: 0.00001 };
      specs.push({
        workload: 'io-models',
        label: `${model}, ${clients} clients`,
        scenario: ioModels,
        params: p,
        calls: () => ({ main: twin('scenarios/net/io-models.py', p, model === 'gevent') }),
        metrics: [...echoMetrics(null, 0.25), ioCpu('server CPU', 'serverCpuMs'), ioCpu('CPU time', 'cpuMs')],
      });
    }
  }
  // And the most threads again on one core, where CPython makes no convoy at any thread count.
  const calls = full ? 20_000 : 4000;
  const gilThreads = full ? [1, 2, 10, 30, 100] : [1, 10, 50];
  const most = gilThreads.at(-1) as number;
  for (const p of [...gilThreads.map((threads) => ({ threads, calls })), { threads: most, calls, cores: 1 }]) {
    const { threads } = p;
    specs.push({
      workload: 'gil-contention',
      label: `${threads} thread${threads === 1 ? '' : 's'}${'cores' in p ? ' on 1 core' : ''}, ${calls} send+recv rounds`,
      scenario: gilContention,
      params: p,
      calls: () => ({ main: twin('reports/calibrate/gil_contention.py', p) }),
      metrics: [
        { ...elapsed(null), predicted: (r) => r.elapsed },
        { name: 'CPU time', unit: 's', target: null, predicted: (r) => r.cpu, real: (o) => o.main.cpu },
      ],
    });
  }
  const wake = { waiters: 3, setAfter: full ? 1 : 0.1 };
  specs.push({
    workload: 'event-wakeup',
    label: `${wake.waiters} waiters, set after ${wake.setAfter} s`,
    scenario: eventWakeup,
    params: wake,
    calls: () => ({ main: twin('scenarios/threading/event-wakeup.py', wake) }),
    metrics: [elapsed(null)],
  });
  const timer = { interval: full ? 1 : 0.1 };
  specs.push({
    workload: 'timer-hello',
    label: `interval ${timer.interval} s`,
    scenario: timerHello,
    params: timer,
    calls: () => ({ main: twin('scenarios/threading/timer-hello.py', timer) }),
    metrics: [elapsed(null)],
  });
  return specs;
}

/** A point's key in the measurements: its workload, label and parameters. */
export function pointKey(s: PointSpec): string {
  return `${s.workload}: ${s.label} ${JSON.stringify(s.params)}`;
}

export interface FidelityMetric {
  readonly name: string;
  readonly unit: string;
  readonly target: number | null;
  /** With the active profile, and with the uncalibrated costs. */
  readonly predicted: number;
  readonly uncalibrated: number;
  /** The real runs' values, or null when the twin was not run. */
  readonly real: {
    readonly median: number;
    readonly min: number;
    readonly max: number;
    readonly runs: readonly number[];
  } | null;
}

export interface FidelityPoint {
  readonly workload: string;
  readonly label: string;
  readonly metrics: readonly FidelityMetric[];
}

export interface FidelityResults {
  readonly suite: 'fidelity';
  readonly version: string;
  readonly command: string;
  readonly seeds: number;
  readonly params: FidelityParams;
  readonly costs: CostModel;
  readonly costsSource?: string;
  /** Where the real numbers come from (null with real=none). */
  readonly real: Omit<RealMeasurements, 'points'> | null;
  readonly points: readonly FidelityPoint[];
}

/**
 * Each point's runs with seeds 0 .. seeds − 1 (the OS's costs vary with the seed, as a real
 * machine's do run to run), or seed 0 alone where the twin does that seed's work.
 */
function predictAll(
  specs: readonly PointSpec[],
  costs: CostModel,
  cores: number,
  seeds: number,
): { result: Json; time: number }[][] {
  return specs.map((s) =>
    Array.from({ length: s.seedZeroWork === true ? 1 : seeds }, (_, seed) => {
      const r = runOk(s.scenario, { seed, strategy: 'random', params: s.params, costs, costsName: '', cores });
      return { result: r.result, time: r.virtualTime };
    }),
  );
}

/** A metric's median over a point's runs. */
function medianOf(m: Metric, runs: readonly { result: Json; time: number }[]): number {
  return round(spread(runs.map((r) => m.predicted(r.result, r.time))).median);
}

/**
 * Recorded real runs: the file CONCSIM_FIDELITY_FIXTURE names (one CONCSIM_FIDELITY_RECORD
 * wrote, on this machine or another), else the committed ones.
 */
export function readFixture(): RealMeasurements {
  const file = process.env['CONCSIM_FIDELITY_FIXTURE'] || FIXTURE;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === undefined ? `not JSON: ${(e as Error).message.split('\n')[0]}` : code;
    throw new CalibrateError(`cannot read the real measurements '${file}': ${why}`);
  }
  const points = (doc as { points?: unknown } | null)?.points;
  if (points === null || typeof points !== 'object' || Array.isArray(points)) {
    throw new CalibrateError(`'${file}' holds no real measurements: expected a CONCSIM_FIDELITY_RECORD file`);
  }
  return doc as RealMeasurements;
}

export function runFidelity(o: SuiteRunOptions<FidelityParams>, fixture?: RealMeasurements): FidelityResults {
  const p = o.params;
  const profile = profileFields();
  const specs = pointSpecs(p.size, p.cores);
  const seeds = Math.max(1, o.seeds);
  // What the real side needs is checked before the predictions' seconds are spent.
  let real: RealMeasurements | null = p.real === 'fixture' ? (fixture ?? readFixture()) : null;
  const pythons = p.real === 'run' ? pythonsFromEnv() : null;
  const predicted = predictAll(specs, profile.costs, p.cores, seeds);
  const baseline = predictAll(specs, UNCALIBRATED_COSTS, p.cores, seeds);
  if (pythons !== null) {
    const calls = Object.fromEntries(specs.map((s, i) => [pointKey(s), s.calls(predicted[i]?.[0]?.result)]));
    real = measureTwins(calls, p.repeats, pythons, o.onProgress);
    const record = process.env['CONCSIM_FIDELITY_RECORD'];
    if (record) {
      // Merged into what the file holds, so the small and full points can share one fixture.
      const old = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as RealMeasurements) : null;
      const merged = { ...real, points: { ...old?.points, ...real.points } };
      writeFileSync(record, `${JSON.stringify(merged, null, 1)}\n`);
    }
  }
  const points = specs.map((s, i): FidelityPoint => {
    const pr = predicted[i] ?? [];
    const bl = baseline[i] ?? [];
    const outs = real?.points[pointKey(s)] ?? null;
    return {
      workload: s.workload,
      label: s.label,
      metrics: s.metrics.map((m) => {
        // A record made before a measure existed lacks it: that measure is then not run.
        const values = (outs ?? []).map((x) => round(m.real(x))).filter(Number.isFinite);
        const runs = values.length === 0 ? null : values;
        const sp = runs === null ? null : spread(runs);
        return {
          name: m.name,
          unit: m.unit,
          target: m.target,
          predicted: medianOf(m, pr),
          uncalibrated: medianOf(m, bl),
          real: sp === null || runs === null ? null : { median: sp.median, min: sp.min, max: sp.max, runs },
        };
      }),
    };
  });
  const { points: _raw, ...meta } = real ?? { points: null };
  return {
    suite: 'fidelity',
    version: CONCSIM_VERSION,
    command: o.command,
    seeds: o.seeds,
    params: p,
    ...profile,
    real: real === null ? null : (meta as Omit<RealMeasurements, 'points'>),
    points,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

// ---- the report (pure) --------------------------------------------------------------------

function show(v: number, unit: string): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  return `${fmt(v, digits)}${unit === '×' ? '×' : ` ${unit}`}`;
}

const ratioText = (x: number) => `${fmt(x, 2)}`;

interface Row {
  readonly point: FidelityPoint;
  readonly m: FidelityMetric;
  readonly ratio: number | null;
  readonly before: number | null;
  readonly ok: boolean | null;
  readonly okBefore: boolean | null;
}

function rowsOf(r: FidelityResults): Row[] {
  return r.points.flatMap((point) =>
    point.metrics.map((m) => {
      const real = m.real?.median ?? null;
      const ratio = real === null || real === 0 ? null : m.predicted / real;
      const before = real === null || real === 0 ? null : m.uncalibrated / real;
      const within = (x: number | null) => (x === null || m.target === null ? null : Math.abs(x - 1) <= m.target);
      return { point, m, ratio, before, ok: within(ratio), okBefore: within(before) };
    }),
  );
}

function headline(r: FidelityResults, rows: readonly Row[]): string[] {
  if (r.real === null)
    return ['No real runs: the predictions alone (rebuild with `--param real=run` to measure the twins).'];
  const judged = rows.filter((x) => x.ok !== null);
  const ok = judged.filter((x) => x.ok).length;
  const okBefore = judged.filter((x) => x.okBefore).length;
  const worst = [...rows]
    .filter((x) => x.ratio !== null)
    .sort((a, b) => Math.abs(Math.log(b.ratio as number)) - Math.abs(Math.log(a.ratio as number)))[0];
  const out = [
    `With ${costsSourceOf(r)}, ${ok} of ${judged.length} measures with a target are within it (10% for makespans and speed-ups, 25% for io-models p50 latency); with the uncalibrated costs, ${okBefore}.`,
  ];
  const typical = typicalFactors(rows);
  if (typical.length > 0) {
    out.push(
      `Typical error per workload (the geometric mean, over its measures, of how many times too high or too low the prediction is): ${typical.map(([w, f, fb]) => `${w} ${fmt(f, 2)}× (uncalibrated ${fmt(fb, 2)}×)`).join('; ')}.`,
    );
  }
  if (worst !== undefined) {
    out.push(
      `Furthest off: ${worst.point.workload} (${worst.point.label}) ${worst.m.name}, predicted ${show(worst.m.predicted, worst.m.unit)} against ${show(worst.m.real?.median as number, worst.m.unit)} real (${ratioText(worst.ratio as number)}).`,
    );
  }
  out.push(
    `Real runs: Python ${r.real.python} on ${r.real.machine}, load average ${r.real.loadBefore} before and ${r.real.loadAfter} after (${r.real.cores} cores), ${r.real.measuredAt}.`,
  );
  return out;
}

/**
 * Per workload, in order of appearance: the factor a prediction is typically off by —
 * exp(mean |ln(predicted ÷ real)|) over its measures — with the profile and uncalibrated.
 */
function typicalFactors(rows: readonly Row[]): [string, number, number][] {
  const by = new Map<string, { now: number[]; before: number[] }>();
  for (const x of rows) {
    if (x.ratio === null || x.before === null || x.ratio <= 0 || x.before <= 0) continue;
    const e = by.get(x.point.workload) ?? { now: [], before: [] };
    e.now.push(Math.abs(Math.log(x.ratio)));
    e.before.push(Math.abs(Math.log(x.before)));
    by.set(x.point.workload, e);
  }
  const factor = (xs: number[]) => Math.exp(xs.reduce((a, b) => a + b, 0) / xs.length);
  return [...by].map(([w, e]) => [w, factor(e.now), factor(e.before)]);
}

function ratioChart(r: FidelityResults, rows: readonly Row[]): BarChart {
  const shown = rows.filter((x) => x.ratio !== null);
  const bar = (x: Row, v: number | null) => {
    const real = x.m.real;
    if (v === null || real === null || real.min <= 0 || real.max <= 0) return { value: v };
    const pred = v * (real.median as number);
    return { value: v, lo: pred / real.max, hi: pred / real.min, label: ratioText(v) };
  };
  return {
    kind: 'bar',
    id: 'fidelity-ratio',
    title: 'Predicted ÷ real, per workload, point and measure',
    reading:
      'A bar at 1 is a perfect prediction; above 1 concsim predicts more (slower, or a bigger speed-up) than CPython does, below 1 less.',
    xLabel: 'workload, point and measure',
    yLabel: 'predicted ÷ real median',
    unit: '×',
    yScale: 'log',
    ceiling: { value: 1, label: 'predicted = real' },
    categories: shown.map((x) => `${x.point.workload}: ${x.point.label}, ${x.m.name}`),
    series: [
      { name: 'the profile in force', values: shown.map((x) => bar(x, x.ratio)) },
      { name: 'uncalibrated costs', values: shown.map((x) => bar(x, x.before)) },
    ],
    errorBars: `the predicted value over the real runs' min and max (${r.real?.repeats ?? 0} runs)`,
  };
}

export function fidelityReport(r: FidelityResults): ReportDoc {
  const rows = rowsOf(r);
  const mark = (ok: boolean | null) => (ok === null ? '' : ok ? 'yes' : 'no');
  const table = rows.map((x) => [
    x.point.workload,
    x.point.label,
    x.m.name,
    x.m.real === null
      ? 'not run'
      : `${show(x.m.real.median, x.m.unit)} (${show(x.m.real.min, x.m.unit)}–${show(x.m.real.max, x.m.unit)})`,
    show(x.m.predicted, x.m.unit),
    x.ratio === null ? '' : ratioText(x.ratio),
    show(x.m.uncalibrated, x.m.unit),
    x.before === null ? '' : ratioText(x.before),
    x.m.target === null ? '' : `±${fmt(x.m.target * 100, 0)}%`,
    mark(x.ok),
    mark(x.okBefore),
  ]);
  return {
    suite: 'fidelity',
    title: 'Fidelity: concsim’s predictions against real CPython',
    description:
      'Each built-in scenario that models a study-note program, predicted by concsim and measured on real CPython with its Python twin: makespans, speed-ups and p50 latencies side by side, with predicted ÷ real.',
    command: r.command,
    version: r.version,
    headline: headline(r, rows),
    params: paramRows(fidelitySuite, r.params, r.seeds),
    costs: r.costs,
    costsSource: costsSourceOf(r),
    method: [
      'Each point runs the scenario in concsim with seeds 0 .. seeds − 1 (the random scheduler; the OS’s costs vary with the seed, as a machine’s do from run to run) with the cost profile in force and again with the uncalibrated costs — predicted values are the median over the seeds; the pool and the crawler, whose twins do seed 0’s work, run seed 0 alone — and its real twin — the Python program beside the scenario (scenarios/<topic>/<name>.py), doing the same work with the same parameters — on real CPython, several times; real values are the median over those runs, with their min–max.',
      `The twins draw what the scenarios draw from their seed in two ways: the pool's sleeps and the crawler's pages are passed in from the prediction, so both do exactly the same work; the echo loads' pauses and sizes are drawn by Python's own generator from the same distributions. The simulated machine has ${r.params.cores} cores, as the real one should: run the real twins on an idle machine, as load inflates their times.`,
      'Targets (from issue 11): makespans and speed-ups of process-pool-squares, cpu-vs-io, threaded-clients and the gevent echo server within 10% of the real median; the p50 latency of every io-models server within 25%. The other measures are shown without a target.',
      'gil-contention is a yardstick, not a study-note program: threads of one process each sending and receiving on their own loopback connection. On two cores CPython falls into a convoy (every GIL release wakes a sleeping thread, about 11 µs of CPU for each context switch; drop_gil signals its waiter under the GIL’s mutex, see reports/calibrate/replica/gil_replica.c) from 30 threads or from as few as 2, depending on the machine’s moment. concsim models it with CPython’s take_gil and drop_gil on a futex mutex and condition variable, and an OS whose woken threads preempt a thread that has had more than its share (engine/os-cpu.ts); how soon and how hard the convoy comes depends on the machine, and the model’s fit to one machine (within 7% at 2 to 100 threads under PVM, without a shared cache) does not carry to another (1.4 to 3.0 times too long at 2 to 30 threads with a shared L3 under KVM: MEASUREMENTS-2026-12-07.md, session 11). The last point runs on one core (the twin pins itself there), where CPython makes no convoy at any thread count.',
    ],
    sections: [
      { title: 'Predicted against real', blocks: [ratioChart(r, rows)] },
      {
        title: 'All measures',
        blocks: [
          {
            kind: 'table',
            caption:
              'Real median (min–max), predicted with the profile in force and with the uncalibrated costs, and each ÷ real',
            header: [
              'workload',
              'point',
              'measure',
              'real',
              'predicted',
              '÷ real',
              'uncalibrated',
              '÷ real',
              'target',
              'within',
              'within before',
            ],
            rows: table,
            numeric: [3, 4, 5, 6, 7],
          },
        ],
      },
    ],
    data: r,
  };
}

export const fidelitySuite = defineSuite<FidelityParams, FidelityResults>({
  name: 'fidelity',
  title: 'Fidelity: concsim’s predictions against real CPython',
  summary:
    'every study-note scenario predicted by concsim beside its Python twin run on real CPython: makespans, speed-ups, p50 latency, predicted ÷ real',
  params: {
    size: param.choice(['small', 'full'] as const, {
      default: 'full',
      doc: 'full: the issue’s points (500 threaded clients, io-models at 100 and 1000 clients); small: a quick subset',
    }),
    real: param.choice(['run', 'fixture', 'none'] as const, {
      default: 'run',
      doc: 'run the twins on CPython now, read recorded measurements (reports/calibrate/fidelity.real.json, or the file $CONCSIM_FIDELITY_FIXTURE names), or predict only',
    }),
    repeats: param.int({ default: 3, min: 1, max: 100, doc: 'real runs per point' }),
    cores: param.int({ default: 2, min: 1, max: 256, doc: 'simulated cores: the real machine’s' }),
  },
  defaultSeeds: 5,
  tour: { seeds: 1, params: { size: 'small', real: 'fixture' } },
  run: (o) => runFidelity(o),
  report: fidelityReport,
});

export default fidelitySuite;
