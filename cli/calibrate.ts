/**
 * `concsim calibrate [--python PATH] [--gevent-python PATH] [--repeats N] [--scale X]
 * [--only a,b] [--out FILE]`: measures the cost model on this machine
 * (reports/calibrate/calibrate.ts), prints each constant's median and spread beside the
 * uncalibrated value, and writes the profile that `--costs FILE` reads.
 */
import { UNCALIBRATED_COSTS } from '../engine/index.ts';
import { BENCHMARKS, calibrate, type ProfileDoc, twoGroups } from '../reports/calibrate/calibrate.ts';
import { writeFileAtomic } from '../reports/write.ts';
import { table } from '../runner/format.ts';
import { UsageFailure } from './usage.ts';

export interface CalibrateFlags {
  python: string;
  geventPython?: string;
  repeats: number;
  scale: string;
  only?: string;
  out: string;
}

const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

/** The per-constant table: measured median, spread, unit and the value before calibration. */
export function calibrationTable(doc: ProfileDoc): string {
  const rows = Object.entries(doc.measured).map(([key, m]) => [
    key,
    num(m.median),
    `${num(m.min)}–${num(m.max)}`,
    m.unit,
    num(UNCALIBRATED_COSTS[key as keyof typeof UNCALIBRATED_COSTS]),
    m.benchmark,
  ]);
  return table(['constant', 'median', 'spread (min–max)', 'unit', 'uncalibrated', 'benchmark'], rows);
}

export function calibrateCommand(o: CalibrateFlags, out: (s: string) => void, err: (s: string) => void): number {
  const scale = Number(o.scale);
  if (!(scale > 0 && scale <= 100))
    throw new UsageFailure(`invalid --scale '${o.scale}': expected a number in (0, 100]`);
  const only = o.only?.split(',').map((x) => x.trim());
  for (const b of only ?? []) {
    if (!(b in BENCHMARKS)) {
      throw new UsageFailure(`unknown benchmark '${b}': one of ${Object.keys(BENCHMARKS).join(', ')}`);
    }
  }
  // A CalibrateError (no interpreter, a benchmark that failed) is a usage error: cli/main.ts says it in one line.
  const doc: ProfileDoc = calibrate({
    python: o.python,
    ...(o.geventPython === undefined ? {} : { geventPython: o.geventPython }),
    repeats: o.repeats,
    scale,
    ...(only === undefined ? {} : { only }),
    onProgress: (done, total, label) => err(`calibrate: ${done}/${total} ${label}`),
  });
  writeFileAtomic(o.out, `${JSON.stringify(doc, null, 2)}\n`, 'the cost profile');
  out(`Python ${doc.python} (${doc.pythonPath}), gevent ${doc.gevent ?? 'not importable: its constants kept'}`);
  out(
    `${doc.machine.description}; load average ${doc.machine.loadBefore.join(' ')} before, ${doc.machine.loadAfter.join(' ')} after`,
  );
  if ((doc.machine.loadBefore[0] ?? 0) > doc.machine.cpus / 2) {
    out(
      `warning: the machine was busy (load ${doc.machine.loadBefore[0]} on ${doc.machine.cpus} cores): timings are inflated`,
    );
  }
  out(`${doc.repeats} runs of each benchmark at scale ${doc.scale}:`);
  out(calibrationTable(doc));
  const split = Object.entries(doc.measured).flatMap(([key, m]) => {
    const g = twoGroups(m.runs);
    return g === null
      ? []
      : [`${key} ${g.map((x) => `${num(x[0] as number)}–${num(x.at(-1) as number)}`).join(' and ')} ${m.unit}`];
  });
  if (split.length > 0) {
    out(
      `warning: runs in two groups, the median may belong to either (rerun those benchmarks with more --repeats): ${split.join('; ')}`,
    );
  }
  out(`not measured (kept): ${doc.notMeasured.join(', ')}`);
  out(`wrote ${o.out} (use it with --costs ${o.out} or CONCSIM_COSTS=${o.out})`);
  return 0;
}
