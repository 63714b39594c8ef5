/**
 * One benchmark measurement in a fresh Node process, so that no benchmark inherits
 * another's JIT state or heap (the yardstick runs each of its benchmarks the same way).
 * The argument is a JSON spec; the answer is one JSON line on stdout.
 *
 * - `{ "kind": "workloads", "workloads": [{ "name", "params" }], "warmup", "reps" }`
 *   runs the workloads round-robin (so that the runs being compared see the same drift),
 *   `warmup` rounds unreported, then `reps` rounds; a warm-up run slower than
 *   `slowSeconds` is reported alone instead (it has warmed up within itself).
 * - `{ "kind": "memory", "mode", "n" }` (under `node --expose-gc`).
 */
import { type MemoryMode, measureMemory } from './memory.ts';
import { poolBurst } from './pool-burst.ts';
import { pyLoop, pySchedules } from './python.ts';
import { campaign, pySeedPool, schedules, seedPool } from './scenario-loops.ts';
import { type Measure, type Params, WORKLOADS, type Workload } from './workloads.ts';

export interface WorkloadSpec {
  readonly name: string;
  readonly params: Params;
}

export type ChildSpec =
  | {
      readonly kind: 'workloads';
      readonly workloads: readonly WorkloadSpec[];
      readonly warmup: number;
      readonly reps: number;
      readonly slowSeconds: number;
    }
  | { readonly kind: 'memory'; readonly mode: MemoryMode; readonly n: number };

export interface WorkloadsAnswer {
  /** Per workload, in spec order: the measured (post-warm-up) runs. */
  readonly runs: Measure[][];
  readonly warmup: Measure[][];
  /** True when the warm-up run was so slow that it is the only (reported) run. */
  readonly cold: boolean;
}

const ALL: Readonly<Record<string, Workload>> = {
  ...WORKLOADS,
  'pool-burst': poolBurst,
  schedules,
  campaign,
  'seed-pool': seedPool,
  'py-seed-pool': pySeedPool,
  'py-loop': pyLoop,
  'py-schedules': pySchedules,
};

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error('usage: child.ts <json spec>');
  const spec = JSON.parse(arg) as ChildSpec;
  if (spec.kind === 'memory') {
    process.stdout.write(`${JSON.stringify(measureMemory(spec.mode, spec.n))}\n`);
    return;
  }
  const fns = spec.workloads.map((w) => {
    const f = ALL[w.name];
    if (f === undefined) throw new Error(`unknown workload ${w.name}`);
    return f;
  });
  const warmup: Measure[][] = spec.workloads.map(() => []);
  const runs: Measure[][] = spec.workloads.map(() => []);
  let slow = false;
  for (let r = 0; r < spec.warmup && !slow; r++) {
    for (const [i, w] of spec.workloads.entries()) {
      const m = await (fns[i] as Workload)(w.params);
      (warmup[i] as Measure[]).push(m);
      if (m.seconds > spec.slowSeconds) slow = true;
    }
  }
  // A run slower than `slowSeconds` has warmed up within itself: report it alone.
  if (slow) {
    const answer: WorkloadsAnswer = { runs: warmup, warmup: [], cold: true };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
    return;
  }
  for (let r = 0; r < spec.reps; r++) {
    for (const [i, w] of spec.workloads.entries()) (runs[i] as Measure[]).push(await (fns[i] as Workload)(w.params));
  }
  const answer: WorkloadsAnswer = { runs, warmup, cold: false };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
