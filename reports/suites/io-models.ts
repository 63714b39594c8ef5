/**
 * `io-models`: the io-models scenario — one echo load served five ways (a thread per
 * connection, gevent, non-blocking polling, epoll, an asyncio loop) — over a sweep of
 * client counts (10, 30, 100, 300, … up to `maxClients`), over several seeds (each seed
 * draws the clients' pauses and the schedule). The report charts throughput, p50 and p99
 * latency, the server's CPU busy time and its peak memory against the client count, one
 * line per model with its min–max over seeds, and says which model wins each measure at
 * the largest client count and by how much.
 */
import type { DEFAULT_COSTS } from '../../engine/index.ts';
import { param } from '../../runner/params.ts';
import ioModels, { IO_MODELS, type IoModel, type IoResult } from '../../scenarios/net/io-models.ts';
import type { LineChart, ReportDoc } from '../html/doc.ts';
import { fmt } from '../html/svg.ts';
import { CONCSIM_VERSION } from '../version.ts';
import { type Spread, spread } from './stats.ts';
import {
  costsSourceOf,
  defineSuite,
  listJoin,
  overSeeds,
  paramRows,
  profileFields,
  runCommand,
  runOk,
  type SuiteRunOptions,
  seedsText,
} from './suite.ts';

export type IoModelsParams = {
  readonly maxClients: number;
  readonly messages: number;
  readonly size: number;
  readonly think: number;
  readonly arrival: number;
};

const MODEL_LABEL: Readonly<Record<IoModel, string>> = {
  thread: 'thread per connection',
  gevent: 'gevent',
  polling: 'non-blocking polling',
  epoll: 'epoll',
  asyncio: 'asyncio',
};

/** One model's figures in one run. */
export interface IoModelsPoint {
  readonly clients: number;
  readonly seed: number;
  readonly model: IoModel;
  /** Messages answered per second of virtual time. */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The server process's CPU busy time, virtual ms. */
  readonly serverCpuMs: number;
  /** Server and clients' CPU busy time, virtual ms. */
  readonly cpuMs: number;
  readonly memoryMiB: number;
  readonly peakThreads: number;
}

/** One run of the scenario (all five models, one after another). */
export interface IoModelsRun {
  readonly clients: number;
  readonly seed: number;
  readonly steps: number;
  readonly replay: string;
}

export interface IoModelsResults {
  readonly suite: 'io-models';
  readonly version: string;
  readonly command: string;
  readonly seeds: number;
  readonly params: IoModelsParams;
  readonly costs: typeof DEFAULT_COSTS;
  readonly costsSource?: string;
  readonly clients: readonly number[];
  readonly points: readonly IoModelsPoint[];
  readonly runs: readonly IoModelsRun[];
}

/** 10, 30, 100, 300, 1000, … up to `max` (and `max` itself if it is not on that ladder). */
export function clientSweep(max: number): number[] {
  const out: number[] = [];
  for (let d = 10; d <= max; d *= 10) {
    out.push(d);
    if (3 * d <= max) out.push(3 * d);
  }
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

/** Each run's scheduler. */
const STRATEGY = 'random';

/** The scenario's parameters for one run of the sweep. */
function runParams(p: IoModelsParams, clients: number) {
  return {
    model: 'all' as const,
    clients,
    messages: p.messages,
    size: p.size,
    think: p.think,
    arrival: p.arrival,
  };
}

export function runIoModels(o: SuiteRunOptions<IoModelsParams>): IoModelsResults {
  const p = o.params;
  const clients = clientSweep(p.maxClients);
  const total = clients.length * o.seeds;
  let done = 0;
  const points: IoModelsPoint[] = [];
  const runs: IoModelsRun[] = [];
  for (const c of clients) {
    for (let seed = 0; seed < o.seeds; seed++) {
      const params = runParams(p, c);
      const r = runOk(ioModels, { seed, strategy: STRATEGY, params });
      const x: IoResult = r.result;
      for (const m of x.models) {
        points.push({
          clients: c,
          seed,
          model: m.model,
          throughput: m.throughput,
          p50Ms: m.latencyMs.p50,
          p99Ms: m.latencyMs.p99,
          serverCpuMs: m.serverCpuMs,
          cpuMs: m.cpuMs,
          memoryMiB: m.peakMemory.MiB,
          peakThreads: m.peakThreads,
        });
      }
      runs.push({ clients: c, seed, steps: r.steps, replay: r.replay });
      o.onProgress?.(++done, total);
    }
  }
  return {
    suite: 'io-models',
    version: CONCSIM_VERSION,
    command: o.command,
    seeds: o.seeds,
    params: p,
    ...profileFields(),
    clients,
    points,
    runs,
  };
}

// ---- the report (pure) --------------------------------------------------------------------

type Key = 'throughput' | 'p50Ms' | 'p99Ms' | 'serverCpuMs' | 'memoryMiB';

interface Measure {
  readonly key: Key;
  /** Sentence-initial name of the measure. */
  readonly name: string;
  readonly yLabel: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  /** Results unit → shown unit (latency: ms → µs). */
  readonly scale: number;
  readonly format: (v: number) => string;
}

/** Three significant-ish digits: 71,851 / 12.7 / 0.026. */
function num(v: number): string {
  return fmt(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3);
}

const MEASURES: readonly Measure[] = [
  {
    key: 'throughput',
    name: 'Throughput',
    yLabel: 'messages answered per second',
    unit: 'msg/s',
    higherIsBetter: true,
    scale: 1,
    format: (v) => `${fmt(v, 0)} msg/s`,
  },
  {
    key: 'p50Ms',
    name: 'Median (p50) latency',
    yLabel: 'p50 round-trip latency',
    unit: 'µs',
    higherIsBetter: false,
    scale: 1000,
    format: (v) => `${num(v)} µs`,
  },
  {
    key: 'p99Ms',
    name: 'p99 latency',
    yLabel: 'p99 round-trip latency',
    unit: 'µs',
    higherIsBetter: false,
    scale: 1000,
    format: (v) => `${num(v)} µs`,
  },
  {
    key: 'serverCpuMs',
    name: 'Server CPU busy time',
    yLabel: "server process's CPU busy time",
    unit: 'ms',
    higherIsBetter: false,
    scale: 1,
    format: (v) => `${num(v)} ms`,
  },
  {
    key: 'memoryMiB',
    name: 'Peak server memory',
    yLabel: "server's peak memory",
    unit: 'MiB',
    higherIsBetter: false,
    scale: 1,
    format: (v) => `${num(v)} MiB`,
  },
];

function cell(r: IoModelsResults, clients: number, model: IoModel, key: Key | 'peakThreads'): Spread {
  return spread(r.points.filter((x) => x.clients === clients && x.model === model).map((x) => x[key]));
}

/** One measure of one model at one client count, in the measure's shown unit. */
function value(r: IoModelsResults, clients: number, model: IoModel, m: Measure): Spread {
  const s = cell(r, clients, model, m.key);
  return { median: s.median * m.scale, min: s.min * m.scale, max: s.max * m.scale };
}

/** A ratio: 1.004×, 2.5×. */
const ratio = (v: number) => `${fmt(v, v < 1.1 ? 3 : v < 10 ? 2 : 1)}×`;

interface Ranked {
  readonly model: IoModel;
  readonly s: Spread;
}

/** The models at `clients`, best first by median on `m`. */
function ranking(r: IoModelsResults, clients: number, m: Measure): Ranked[] {
  return IO_MODELS.map((model) => ({ model, s: value(r, clients, model, m) })).sort((a, b) =>
    m.higherIsBetter ? b.s.median - a.s.median : a.s.median - b.s.median,
  );
}

/** How many times better `best` is than `other` on `m` (≥ 1). */
function times(m: Measure, best: number, other: number): number {
  return m.higherIsBetter ? best / other : other / best;
}

const TIE = 1.005;

/** The headline sentence for one measure at the largest client count. */
function measureSentence(r: IoModelsResults, m: Measure): string {
  const last = r.clients[r.clients.length - 1] as number;
  const ranked = ranking(r, last, m);
  const top = ranked[0] as Ranked;
  const tied = ranked.filter((x) => times(m, top.s.median, x.s.median) <= TIE);
  const rest = ranked.filter((x) => !tied.includes(x));
  const winners = listJoin(tied.map((x) => MODEL_LABEL[x.model]));
  const lead = `${m.name} at ${last} clients: ${winners} ${tied.length > 1 ? 'tie' : 'wins'} at ${m.format(top.s.median)} (${overSeeds(top.s, m.format, r.seeds)})`;
  const second = rest[0];
  const worst = rest[rest.length - 1];
  if (second === undefined || worst === undefined) return `${lead}; all five models are within 0.5% of each other.`;
  const rel = (x: Ranked) =>
    m.higherIsBetter
      ? `the winner is ${ratio(times(m, top.s.median, x.s.median))} as fast`
      : `${ratio(times(m, top.s.median, x.s.median))} the winner's`;
  const by = `; the next, ${MODEL_LABEL[second.model]}, has ${m.format(second.s.median)} (${rel(second)})`;
  const tail =
    worst === second
      ? ''
      : `, and ${MODEL_LABEL[worst.model]} is the ${m.higherIsBetter ? 'slowest' : 'worst'} at ${m.format(worst.s.median)} (${rel(worst)})`;
  return `${lead}${by}${tail}.`;
}

function chart(r: IoModelsResults, m: Measure): LineChart {
  const p = r.params;
  const last = r.clients[r.clients.length - 1] as number;
  const first = r.clients[0] as number;
  const series = IO_MODELS.map((model) => ({
    name: MODEL_LABEL[model],
    points: r.clients.map((c) => {
      const s = value(r, c, model, m);
      return { x: c, y: s.median, lo: s.min, hi: s.max };
    }),
  }));
  const ranked = ranking(r, last, m);
  const best = ranked[0] as Ranked;
  const worst = ranked[ranked.length - 1] as Ranked;
  const worstFirst = value(r, first, worst.model, m).median;
  const better = m.higherIsBetter ? 'Higher is better' : 'Lower is better';
  const reading =
    r.clients.length > 1
      ? `${better}. From ${first} to ${last} clients ${MODEL_LABEL[worst.model]} goes from ${m.format(worstFirst)} to ${m.format(worst.s.median)}, the ${m.higherIsBetter ? 'lowest' : 'highest'} at the end, while ${MODEL_LABEL[best.model]} ends ${m.higherIsBetter ? 'highest' : 'lowest'} at ${m.format(best.s.median)}.`
      : `${better}. At ${last} clients ${MODEL_LABEL[best.model]} is best at ${m.format(best.s.median)} and ${MODEL_LABEL[worst.model]} worst at ${m.format(worst.s.median)}.`;
  const top = Math.max(...series.flatMap((s) => s.points.map((pt) => pt.hi ?? pt.y)));
  return {
    kind: 'line',
    id: `io-${m.key}`,
    title: `${m.name} vs clients (${p.messages} messages of ${p.size} B each)`,
    reading,
    xLabel: 'concurrent clients',
    yLabel: m.yLabel,
    xUnit: 'clients',
    yUnit: m.unit,
    xScale: 'log',
    xDomain: [first, Math.max(first + 1, last)],
    xTicks: r.clients,
    yDomain: [0, top > 0 ? top * 1.05 : 1],
    series,
    errorBars: `min–max over ${seedsText(r.seeds)}`,
  };
}

function withSpread(s: Spread, f: (v: number) => string): string {
  return f(s.min) === f(s.max) ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

export function ioModelsReport(r: IoModelsResults): ReportDoc {
  const p = r.params;
  const seeds = seedsText(r.seeds);
  const last = r.clients[r.clients.length - 1] as number;
  const rows: string[][] = [];
  for (const c of r.clients) {
    for (const model of IO_MODELS) {
      rows.push([
        String(c),
        MODEL_LABEL[model],
        ...MEASURES.map((m) => withSpread(value(r, c, model, m), num)),
        withSpread(cell(r, c, model, 'peakThreads'), (v) => fmt(v, 0)),
      ]);
    }
  }
  const runRows = r.runs
    .filter((x) => x.seed === 0)
    .map((x) => [String(x.clients), fmt(x.steps), runCommand(ioModels, x.seed, STRATEGY, runParams(p, x.clients))]);
  return {
    suite: 'io-models',
    title: 'Five ways to serve an echo load: threads, gevent, polling, epoll, asyncio',
    description: `One echo load (${p.messages} messages of ${p.size} B per client) served by a thread per connection, gevent, non-blocking polling, epoll and asyncio, for ${listJoin(r.clients.map(String))} clients, over ${seeds}: throughput, p50/p99 latency, server CPU busy time and peak memory.`,
    command: r.command,
    version: r.version,
    headline: MEASURES.map((m) => measureSentence(r, m)),
    params: paramRows(ioModelsSuite, r.params, r.seeds),
    costs: r.costs,
    costsSource: costsSourceOf(r),
    method: [
      `Each run is one \`concsim run io-models --param model=all\` (scenarios/io-models.ts) under the random scheduler: it serves the same echo load five times, one server after another, each against a fresh clients process — \`clients\` clients connect ${fmt(p.arrival * 1e6, 1)} µs apart, and each sends ${p.messages} messages of ${p.size} B, pausing 0–${fmt(p.think * 2000, 1)} ms before each, and reads each upper-cased reply before the next. The clients run in processes of 100 with a core each, so the load generator is not the bottleneck; the server gets one core.`,
      'The five servers: blocking sockets with a thread per connection; gevent after `monkey.patchAll()`, a StreamServer spawning a greenlet per connection; one thread looping over non-blocking sockets, catching BlockingIOError; one thread waiting in `select.epoll().poll()`; and `asyncio.start_server` with a task per connection.',
      `Throughput is messages answered per second of virtual time, from the server listening to the last client hanging up; latency is each message's round trip (nearest-rank p50 and p99 over all messages of the run); server CPU busy time is the core time the server process used over the same span (from the trace's \`cpu.run\` slices); peak memory is the server's threads' stacks, greenlets, tasks, sockets and queued bytes at the cost model's sizes, at their peak. Seeds 0..${r.seeds - 1} vary the pauses and the schedule; lines show the median over seeds, error bars the min–max.`,
    ],
    sections: [
      { title: 'The measures against the client count', blocks: MEASURES.map((m) => chart(r, m)) },
      {
        title: 'All numbers',
        blocks: [
          {
            kind: 'table',
            caption: `Median (min–max) over ${seeds}, per client count and model`,
            header: [
              'clients',
              'model',
              'throughput (msg/s)',
              'p50 latency (µs)',
              'p99 latency (µs)',
              'server CPU (ms)',
              'peak memory (MiB)',
              'peak OS threads',
            ],
            rows,
            numeric: [0, 2, 3, 4, 5, 6, 7],
          },
        ],
      },
      {
        title: 'Single runs',
        text: [
          `Each run serves the load with all five models in turn; these commands repeat seed 0 at each client count exactly (add \`--trace out.json\` to see who ran when in Perfetto UI). The largest, ${last} clients, is the one the headline reads. Each run's replay command, which lists its every scheduling choice, is in the embedded data (\`runs[].replay\`).`,
        ],
        blocks: [
          {
            kind: 'table',
            caption: 'The command that repeats each seed-0 run',
            header: ['clients', 'steps', 'command'],
            rows: runRows,
            numeric: [0, 1],
            code: [2],
          },
        ],
      },
    ],
    data: r,
  };
}

export const ioModelsSuite = defineSuite<IoModelsParams, IoModelsResults>({
  name: 'io-models',
  title: 'Five ways to serve an echo load: threads, gevent, polling, epoll, asyncio',
  summary:
    'thread per connection vs gevent vs non-blocking polling vs epoll vs asyncio on one echo load over a sweep of client counts: throughput, p50/p99 latency, server CPU, peak memory',
  params: {
    maxClients: param.int({
      default: 300,
      min: 1,
      max: 10_000,
      doc: 'the sweep of client counts: 10, 30, 100, 300, … up to this',
    }),
    messages: param.int({ default: 3, min: 1, max: 1000, doc: 'messages per client, one at a time' }),
    size: param.int({ default: 64, min: 1, max: 1_000_000, doc: 'bytes per message' }),
    think: param.number({
      default: 0.002,
      min: 0,
      max: 60,
      doc: 'mean pause of a client before each message, seconds (drawn from 0 to twice this)',
    }),
    arrival: param.number({ default: 0.00001, min: 0, max: 1, doc: 'seconds between two clients connecting' }),
  },
  defaultSeeds: 3,
  tour: { seeds: 2, params: { maxClients: 100 } },
  run: (o) => runIoModels(o),
  report: ioModelsReport,
});

export default ioModelsSuite;
