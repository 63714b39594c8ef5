/**
 * The real twins: for each built-in scenario that models one of the study note's programs,
 * a Python program beside it (`scenarios/<topic>/<name>.py`) doing the same work with the
 * same parameters. `measureTwins` runs them on real CPython, each point `repeats` times,
 * and returns their raw JSON outputs, keyed by point; `concsim report fidelity` compares them
 * with the scenarios' predictions. This runs real processes and reads real time, so it lives
 * in reports/, never in engine/ or models/.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CalibrateError, geventVersion, machineOf, pythonVersion } from './calibrate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One invocation of a twin: its file (from the repository root), whether it needs gevent, and its parameters. */
export interface TwinCall {
  readonly file: string;
  readonly gevent: boolean;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The raw measurements of a set of points, as committed in the fixture. */
export interface RealMeasurements {
  readonly python: string;
  readonly gevent: string | null;
  readonly machine: string;
  readonly cores: number;
  /** `uptime`'s 1-minute load average before and after measuring. */
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly measuredAt: string;
  readonly repeats: number;
  /** Per point key: per repeat, the outputs of its calls (by call name). */
  readonly points: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
}

export interface Pythons {
  readonly python: string;
  /** Its version ("3.11.7"). */
  readonly version: string;
  /** The interpreter for twins that need gevent, or null where none imports it. */
  readonly gevent: string | null;
}

/**
 * CONCSIM_PYTHON (default python3) and CONCSIM_GEVENT_PYTHON (default: the same, if gevent
 * imports there); a missing interpreter is a CalibrateError saying how to name one.
 */
export function pythonsFromEnv(): Pythons {
  const python = process.env['CONCSIM_PYTHON'] || 'python3';
  const version = pythonVersion(python, ' for the real twins (set CONCSIM_PYTHON, or use --param real=fixture)');
  const g = process.env['CONCSIM_GEVENT_PYTHON'] || python;
  return { python, version, gevent: geventVersion(g) === null ? null : g };
}

function runTwin(pythons: Pythons, call: TwinCall): Record<string, unknown> {
  const python = call.gevent ? pythons.gevent : pythons.python;
  if (python === null) throw new CalibrateError(`${call.file} needs gevent: set CONCSIM_GEVENT_PYTHON`);
  const r = spawnSync(python, [`${ROOT}${call.file}`, JSON.stringify(call.params)], {
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 1 << 22,
  });
  if (r.error || r.status !== 0) {
    const why = r.error?.message ?? (r.stderr ?? '').trim().split('\n').pop();
    throw new CalibrateError(`${python} ${call.file} ${JSON.stringify(call.params)} failed: ${why}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

/**
 * Runs every point's calls `repeats` times (all points once, then again: so a passing burst
 * of load spreads over the points rather than spoiling one). A point whose twin needs gevent
 * is left out where gevent does not import.
 */
export function measureTwins(
  points: Readonly<Record<string, Readonly<Record<string, TwinCall>>>>,
  repeats: number,
  pythons: Pythons,
  onProgress?: (done: number, total: number) => void,
): RealMeasurements {
  const loadBefore = loadavg()[0] as number;
  const keys = Object.keys(points).filter(
    (k) => pythons.gevent !== null || !Object.values(points[k] ?? {}).some((c) => c.gevent),
  );
  const out: Record<string, Record<string, unknown>[]> = {};
  let done = 0;
  for (let rep = 0; rep < repeats; rep++) {
    for (const key of keys) {
      const calls = points[key] ?? {};
      const outputs: Record<string, unknown> = {};
      for (const [name, call] of Object.entries(calls)) outputs[name] = runTwin(pythons, call);
      const runs = out[key] ?? [];
      runs.push(outputs);
      out[key] = runs;
      onProgress?.(++done, repeats * keys.length);
    }
  }
  const m = machineOf();
  return {
    python: pythons.version,
    gevent: pythons.gevent === null ? null : `${geventVersion(pythons.gevent)} (${pythons.gevent})`,
    machine: m.description,
    cores: m.cpus,
    loadBefore: Math.round(loadBefore * 100) / 100,
    loadAfter: Math.round((loadavg()[0] as number) * 100) / 100,
    measuredAt: new Date().toISOString(),
    repeats,
    points: out,
  };
}
