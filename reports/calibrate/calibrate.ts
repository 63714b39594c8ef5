/**
 * `concsim calibrate`: measures the cost model's constants (engine/costs.ts) on this
 * machine by running the bundled micro-benchmarks (microbench.py, gevent_bench.py beside
 * this file) with a real CPython, each `repeats` times, and returns a profile: the medians
 * as costs, with every measurement's spread, the machine and the Python version. Constants
 * no benchmark measures (memory sizes, network latency and bandwidth, spawn, and the OS's
 * costs measured by the C programs in replica/) keep the values of the profile calibrate
 * starts from — the built-in calibrated one unless told — and are listed as not measured.
 *
 * This runs real processes and reads real time, so it lives in reports/ (never in
 * engine/ or models/, which stay deterministic).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CALIBRATED_COSTS, type CostModel, costUnitOf } from '../../engine/index.ts';
import { spread } from '../suites/stats.ts';

const HERE = fileURLToPath(new URL('./', import.meta.url));

/** A calibration that cannot run (no interpreter, a failing benchmark): one line, exit 2. */
export class CalibrateError extends Error {
  override name = 'CalibrateError';
}

/** Which benchmark measures which constants (microbench.py's names; `gevent` is gevent_bench.py). */
export const BENCHMARKS: Readonly<Record<string, readonly (keyof CostModel)[]>> = {
  threads: ['threadStart', 'threadBootstrap', 'threadJoin', 'threadExit'],
  resume: ['coldResume', 'coldAfter', 'firstResume'],
  lock: ['lockNs'],
  gil: ['gilHandoff'],
  wakeup: ['contextSwitch', 'wakeIdle', 'wakeIdleAfter', 'wakeSignal', 'wakeSignalIdle', 'loopbackLatency'],
  scheduler: ['schedTick', 'llcCores'],
  parallel: ['parallelSlowdown', 'oversubscribedSlowdown'],
  fork: ['forkParent', 'processStartFork', 'processExit'],
  pool: ['poolStartup', 'poolShutdown'],
  ipc: ['ipcMessage'],
  pickle: ['pickleNsPerByte', 'pickleNsPerObject'],
  'socket-calls': ['socketSend', 'socketRecv', 'socketCall', 'socketControl', 'epollCtl', 'socketSetup'],
  connect: ['socketOpen', 'socketConnect', 'socketAccept', 'socketClose', 'getaddrinfo', 'codecImport', 'fileCall'],
  poll: ['pollCall', 'pollNsPerFd'],
  'delayed-ack': ['delayedAck'],
  gevent: ['greenletSwitch', 'hubIteration'],
  asyncio: ['loopCallback', 'loopIteration', 'streamCall'],
  pystatement: ['pyStatementNs'],
};

export interface Measurement {
  readonly benchmark: string;
  readonly unit: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/** What calibrate writes: a cost profile (runner/profile.ts reads it) with its provenance. */
export interface ProfileDoc {
  readonly format: 'concsim-costs/1';
  readonly costs: CostModel;
  readonly machine: {
    readonly description: string;
    readonly os: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    /** `uptime`'s load averages (1, 5, 15 min) when calibration began and ended. */
    readonly loadBefore: readonly number[];
    readonly loadAfter: readonly number[];
  };
  readonly python: string;
  readonly pythonPath: string;
  readonly gevent: string | null;
  readonly date: string;
  readonly repeats: number;
  readonly scale: number;
  readonly measured: Readonly<Record<string, Measurement>>;
  readonly notMeasured: readonly string[];
}

export interface CalibrateOptions {
  readonly python?: string;
  /** The interpreter for the gevent benchmark (default: `python`); skipped where gevent does not import. */
  readonly geventPython?: string;
  readonly repeats?: number;
  /** Multiplies the benchmarks' iteration counts (1: the full size; 0.1 for a quick try). */
  readonly scale?: number;
  /** Benchmarks to run (default: all). */
  readonly only?: readonly string[];
  readonly base?: CostModel;
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** Runs `python args`; `hint` ends the error when there is no such interpreter (how to name one). */
function runPython(python: string, args: readonly string[], timeoutMs: number, hint = ''): string {
  const r = spawnSync(python, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 20 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CalibrateError(`no Python interpreter '${python}'${hint}`);
    throw new CalibrateError(`${python} ${args.join(' ')}: ${code ?? r.error.message}`);
  }
  if (r.status !== 0) {
    const last = (r.stderr ?? '').trim().split('\n').pop() ?? '';
    throw new CalibrateError(`${python} ${args.join(' ')} exited with ${r.status}: ${last}`);
  }
  return r.stdout;
}

/** The interpreter's version ("3.11.7"); a missing interpreter is a CalibrateError ending with `hint`. */
export function pythonVersion(python: string, hint: string): string {
  return runPython(python, ['-c', 'import platform; print(platform.python_version())'], 30_000, hint).trim();
}

/** gevent's version under `python`, or null where it does not import. */
export function geventVersion(python: string): string | null {
  try {
    return runPython(python, ['-c', 'import gevent; print(gevent.__version__)'], 30_000).trim();
  } catch {
    return null;
  }
}

/** One line about this machine. */
export function machineOf(): ProfileDoc['machine'] {
  const cs = cpus();
  const model = cs[0]?.model.trim() ?? 'unknown CPU';
  const mem = Math.round((totalmem() / 2 ** 30) * 10) / 10;
  return {
    description: `${process.platform === 'linux' ? 'Linux' : process.platform} ${release()}, ${cs.length} × ${model}, ${mem} GiB`,
    os: `${process.platform} ${release()}`,
    cpus: cs.length,
    cpuModel: model,
    memoryGiB: mem,
    loadBefore: loadavg().map((x) => Math.round(x * 100) / 100),
    loadAfter: [],
  };
}

export function calibrate(o: CalibrateOptions = {}): ProfileDoc {
  const python = o.python ?? 'python3';
  const repeats = o.repeats ?? 5;
  const scale = o.scale ?? 1;
  const version = pythonVersion(python, ' (give one with --python PATH)');
  const gPython = o.geventPython ?? python;
  const gevent = geventVersion(gPython);
  const machine = machineOf();
  const names = Object.keys(BENCHMARKS).filter(
    (b) => (o.only === undefined || o.only.includes(b)) && (b !== 'gevent' || gevent !== null),
  );
  const samples = new Map<string, number[]>();
  const total = names.length * repeats;
  let done = 0;
  for (let rep = 0; rep < repeats; rep++) {
    for (const b of names) {
      o.onProgress?.(done, total, b);
      const out =
        b === 'gevent'
          ? runPython(gPython, [`${HERE}gevent_bench.py`, String(scale)], 600_000)
          : runPython(python, [`${HERE}microbench.py`, b, String(scale)], 600_000);
      let values: Record<string, number>;
      try {
        values = JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, number>;
      } catch {
        throw new CalibrateError(`benchmark ${b} printed no JSON: ${out.slice(0, 80)}`);
      }
      for (const [k, v] of Object.entries(values)) {
        const list = samples.get(k) ?? [];
        list.push(v);
        samples.set(k, list);
      }
      done++;
    }
  }
  o.onProgress?.(total, total, 'done');
  const base: Record<string, number> = { ...(o.base ?? CALIBRATED_COSTS) };
  const measured: Record<string, Measurement> = {};
  for (const [b, keys] of Object.entries(BENCHMARKS)) {
    for (const key of keys) {
      const runs = samples.get(key);
      if (runs === undefined || runs.length === 0) continue;
      const s = spread(runs);
      measured[key] = {
        benchmark: b,
        unit: costUnitOf(key),
        median: round(s.median),
        min: round(s.min),
        max: round(s.max),
        runs: runs.map(round),
      };
      base[key] = round(s.median);
    }
  }
  return {
    format: 'concsim-costs/1',
    costs: base as unknown as CostModel,
    machine: { ...machine, loadAfter: loadavg().map((x) => Math.round(x * 100) / 100) },
    python: version,
    pythonPath: python,
    gevent,
    date: new Date().toISOString(),
    repeats,
    scale,
    measured,
    notMeasured: Object.keys(base).filter((k) => !(k in measured)),
  };
}

/**
 * A constant's runs in two groups, or null: sorted, a step between neighbours of more than `ratio`
 * times with at least two runs on either side. On a VM a benchmark can land in one of two states
 * run after run (a wake-up onto one core or the other; the host's load), and the median then
 * belongs to whichever group drew more repeats (MEASUREMENTS-2026-12-07.md, session 11).
 */
export function twoGroups(runs: readonly number[], ratio = 1.4): [number[], number[]] | null {
  const xs = [...runs].sort((a, b) => a - b);
  let at = -1;
  let widest = ratio;
  for (let i = 2; i <= xs.length - 2; i++) {
    const lo = xs[i - 1] as number;
    const step = (xs[i] as number) / lo;
    if (lo > 0 && step > widest) {
      widest = step;
      at = i;
    }
  }
  return at < 0 ? null : [xs.slice(0, at), xs.slice(at)];
}

/** Four significant digits: enough for a cost, and a stable file. */
function round(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const d = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * 10 ** d) / 10 ** d;
}
