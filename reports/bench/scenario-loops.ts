/**
 * The two benchmarks that run whole scenarios many times, as users do:
 * - schedules: `checkScenario` (fast-check draws the inputs, then one run per schedule)
 *   on a small read-modify-write race between two threads, about ten scheduling points
 *   a run; its invariant allows lost updates, so every schedule is explored;
 * - seed-pool: the built-in `process-pool-squares` scenario (11 tasks, 3 workers) run
 *   once per seed, as the yardstick's `ex-pool` does with its Resource of capacity 3.
 */
import { performance } from 'node:perf_hooks';
import { Thread } from '../../models/threading/thread.ts';
import { sleep } from '../../models/time.ts';
import { checkScenario } from '../../scenarios/check.ts';
import { param } from '../../scenarios/params.ts';
import processPoolSquares from '../../scenarios/process-pool-squares.ts';
import { runScenario } from '../../scenarios/run.ts';
import { defineScenario } from '../../scenarios/scenario.ts';
import type { Measure, Params } from './workloads.ts';
import { num } from './workloads.ts';

/** Two threads each add 1 to a shared counter `increments` times, reading and writing with a point between. */
export const rmwRace = defineScenario({
  name: 'rmw-race',
  summary: 'two threads increment a shared counter without a lock (read, scheduling point, write)',
  params: {
    increments: param.int({ default: 2, min: 1, max: 1000, checkMax: 2, doc: 'increments per thread' }),
  },
  *main(p) {
    let counter = 0;
    const body = function* () {
      for (let i = 0; i < p.increments; i++) {
        const v = counter;
        yield* sleep(0);
        counter = v + 1;
      }
    };
    const ts = [new Thread({ target: body }), new Thread({ target: body })];
    for (const t of ts) t.start();
    for (const t of ts) yield* t.join();
    return { counter };
  },
  invariants: [
    {
      name: 'some-updates-kept',
      statement: 'lost updates are allowed, but each thread keeps at least its own',
      check: (r, p) => (r.counter >= p.increments ? undefined : `counter ${r.counter} < ${p.increments}`),
    },
  ],
});

function measure(body: () => { units: number; steps: number; choices: number; verdict: string }): Measure {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = body();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return {
    seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    units: r.units,
    steps: r.steps,
    contextSwitches: 0,
    choices: r.choices,
    virtualTime: 0,
    verdict: r.verdict,
  };
}

/** `runs` schedules of the race under `strategy` (pct, the default of `check`, or random). */
export function schedules(p: Params): Measure {
  const runs = num(p, 'runs', 20_000);
  const strategy = p['strategy'] === 'random' ? 'random' : 'pct';
  const m = measure(() => {
    const report = checkScenario(rmwRace, { runs, strategy, seed: num(p, 'seed', 42) });
    if (!report.ok) throw new Error(`schedules: the race check failed: ${report.failure?.verdict.kind}`);
    return { units: report.runs, steps: 0, choices: 0, verdict: 'ok' };
  });
  // Steps and decisions per schedule, from one run outside the timed span (for the notes).
  const one = runScenario(rmwRace, { seed: 1, strategy, hash: false });
  return { ...m, steps: one.steps * m.units, choices: one.choices.split(',').length * m.units };
}

/** `process-pool-squares` for `seeds` seeds, with the process pool or (`executor: thread`) the thread pool. */
export function seedPool(p: Params): Measure {
  const seeds = num(p, 'seeds', 20_000);
  const executor = p['executor'] === 'thread' ? 'thread' : 'process';
  return measure(() => {
    let steps = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const r = runScenario(processPoolSquares, { seed, hash: false, params: { executor } });
      if (r.verdict.kind !== 'ok') throw new Error(`seed-pool: seed ${seed} ended with ${r.verdict.kind}`);
      steps += r.steps;
    }
    return { units: seeds, steps, choices: 0, verdict: 'ok' };
  });
}
