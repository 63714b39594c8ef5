/**
 * The costed CPU (engine/os-cpu.ts) under random workloads: threads and greenlets of one to three
 * processes (with a GIL or without) computing, calling into the OS, sleeping, waking each other and waiting
 * with timeouts, on one to four cores, with the calibrated costs. Whatever the mix, every thread
 * ends (no thread is lost between the OS's queues, the GIL's futexes and the kernel), the cores
 * never do more than they can, work takes at least its own length (a system call's part in the
 * OS, drawn within ±osJitter of it, at least its lower bound), and a run repeats exactly.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Baton } from '../engine/baton.ts';
import { CALIBRATED_COSTS, Kernel } from '../engine/index.ts';
import type { OsCpu } from '../engine/os-cpu.ts';
import { makeStrategy } from '../engine/strategy.ts';
import { block, computeTicks, sleepTicks, syscallTicks } from '../engine/syscalls.ts';
import { WaitQueue } from '../engine/wait-queue.ts';
import { seedArb } from './support.ts';

type Step =
  | { readonly op: 'compute' | 'syscall' | 'sleep'; readonly ticks: number }
  | { readonly op: 'wait'; readonly timeout: number }
  | { readonly op: 'wake' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constantFrom('compute' as const, 'syscall' as const), ticks: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ op: fc.constant('sleep' as const), ticks: fc.integer({ min: 1, max: 500 }) }),
  fc.record({ op: fc.constant('wait' as const), timeout: fc.integer({ min: 1, max: 2000 }) }),
  fc.record({ op: fc.constant('wake' as const) }),
);

const workloadArb = fc.record({
  cores: fc.integer({ min: 1, max: 4 }),
  processes: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }), // each: has a GIL
  threads: fc.array(
    fc.record({
      process: fc.nat({ max: 2 }),
      greenlet: fc.boolean(), // of its process's hub: one OS thread for all of them
      steps: fc.array(stepArb, { minLength: 1, maxLength: 12 }),
    }),
    { minLength: 1, maxLength: 10 },
  ),
  seed: seedArb,
});

type Workload = typeof workloadArb extends fc.Arbitrary<infer W> ? W : never;

function run(w: Workload) {
  const k = new Kernel({
    strategy: makeStrategy({ strategy: 'random', seed: w.seed }),
    cores: w.cores,
    costs: CALIBRATED_COSTS,
    seed: w.seed,
    // A lost thread or a runaway ends the run as a verdict rather than hanging the test.
    maxSteps: 100_000,
    maxTime: 10_000_000,
  });
  const processes = w.processes.map((gil, i) => (i === 0 ? k.mainProcess : k.newProcess(`p${i}`, gil)));
  const hubs = processes.map((_, i) => new Baton(`hub${i}`));
  const wq = new WaitQueue('shared');
  const ends: number[] = [];
  let work = 0;
  w.threads.forEach((th, i) => {
    const p = th.process % processes.length;
    const process = processes[p];
    const hub = th.greenlet ? { baton: hubs[p] as Baton, cooperative: true } : {};
    k.spawn(
      (function* () {
        for (const s of th.steps) {
          if (s.op === 'compute') yield* computeTicks(s.ticks);
          else if (s.op === 'syscall') yield* syscallTicks(s.ticks);
          else if (s.op === 'sleep') yield* sleepTicks(s.ticks);
          else if (s.op === 'wait') yield* block(wq, s.timeout);
          else k.wakeOne(wq);
        }
        ends[i] = k.now;
      })(),
      { name: `t${i}`, ...(process === undefined ? {} : { process }), ...hub },
    );
    for (const s of th.steps) {
      if (s.op === 'compute') work += s.ticks;
      // A tick of Python making the call, then the call itself, drawn within ±osJitter.
      else if (s.op === 'syscall') work += 1 + Math.floor((s.ticks - 1) * (1 - CALIBRATED_COSTS.osJitter));
    }
  });
  const verdict = k.run();
  return { verdict, ends, now: k.now, busy: k.cpu.busyTicks, work, voluntary: (k.cpu as OsCpu).voluntarySwitches };
}

describe('the costed CPU under random workloads', () => {
  test.prop([workloadArb], { numRuns: 150 })(
    'every thread ends, the cores do no more than they can, and work takes at least its length',
    (w) => {
      const r = run(w);
      expect(r.verdict).toEqual({ kind: 'ok' });
      for (let i = 0; i < w.threads.length; i++) expect(r.ends[i], `thread t${i}`).toBeTypeOf('number');
      expect(r.busy).toBeLessThanOrEqual(w.cores * r.now);
      expect(r.busy).toBeGreaterThanOrEqual(r.work);
    },
  );

  test.prop([workloadArb], { numRuns: 50 })('a run repeats exactly from its seed', (w) => {
    const a = run(w);
    const b = run(w);
    expect(b).toEqual(a);
  });
});
