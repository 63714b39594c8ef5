/**
 * The benchmarks that run whole scenarios many times, as users do:
 * - schedules: `checkScenario` (fast-check draws the inputs, then one run per schedule)
 *   on `rmw-race`, about ten scheduling points a run, every schedule explored; with
 *   `strategy: dfs`, the systematic explorer on the same race (every schedule of up to 3
 *   preemptions, explored again until `runs` schedules have run);
 * - campaign: the same check as a campaign (`check --workers N`), worker threads and all;
 * - seed-pool: the built-in `process-pool-squares` scenario (11 tasks, 3 workers) run
 *   once per seed, as the yardstick's `ex-pool` does with its Resource of capacity 3.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runCampaign } from '../../runner/campaign.ts';
import { checkScenario } from '../../runner/check.ts';
import { explore } from '../../runner/explore.ts';
import { pythonScenario } from '../../runner/python.ts';
import { runScenario } from '../../runner/run.ts';
import processPoolSquares from '../../scenarios/pools/process-pool-squares.ts';
import rmwRace from './rmw-race.ts';
import type { Measure, Params } from './workloads.ts';
import { num } from './workloads.ts';

/** Where a campaign's workers load the race from. */
const RACE = fileURLToPath(new URL('./rmw-race.ts', import.meta.url));

type Done = { units: number; steps: number; choices: number; verdict: string };

function measure(body: () => Done): Measure;
function measure(body: () => Promise<Done>): Promise<Measure>;
function measure(body: () => Done | Promise<Done>): Measure | Promise<Measure> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = body();
  if (r instanceof Promise) return r.then((d) => finish(d, t0, c0));
  return finish(r, t0, c0);
}

function finish(r: Done, t0: number, c0: NodeJS.CpuUsage): Measure {
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

/** `runs` schedules of the race under `strategy` (pct, random, or dfs). */
export function schedules(p: Params): Measure {
  const runs = num(p, 'runs', 20_000);
  if (p['strategy'] === 'dfs') return dfsSchedules(runs);
  const strategy = p['strategy'] === 'random' ? 'random' : 'pct';
  const m = measure(() => {
    const report = checkScenario(rmwRace, { runs, strategy, seed: num(p, 'seed', 42) });
    if (!report.ok) throw new Error(`schedules: the race check failed: ${report.failure?.verdict.kind}`);
    return { units: report.runs, steps: 0, choices: 0, verdict: 'ok' };
  });
  // Steps per schedule, from one run outside the timed span (for the notes).
  const one = runScenario(rmwRace, { seed: 1, strategy, hash: false });
  return { ...m, steps: one.steps * m.units };
}

/** `runs` schedules of the race explored depth-first (trace records on: the reduction reads them). */
function dfsSchedules(runs: number): Measure {
  let steps = 0;
  const m = measure(() => {
    let done = 0;
    while (done < runs) {
      const r = explore(rmwRace, {
        preemptions: 3,
        params: { increments: 3 },
        maxSchedules: runs - done,
        onRun: (x) => {
          steps += x.steps;
        },
      });
      if (r.failure !== undefined) throw new Error(`schedules: the race explored failed: ${r.failure.verdict.kind}`);
      done += r.schedules;
    }
    return { units: done, steps: 0, choices: 0, verdict: 'ok' };
  });
  return { ...m, steps };
}

/** The same check as a campaign of `workers` worker threads (1: in this thread), start-up included. */
export function campaign(p: Params): Promise<Measure> {
  const runs = num(p, 'runs', 200_000);
  const workers = num(p, 'workers', 1);
  return measure(async () => {
    const report = await runCampaign(rmwRace, {
      runs,
      strategy: 'pct',
      seed: num(p, 'seed', 42),
      workers,
      source: RACE,
    });
    if (!report.ok) throw new Error(`campaign: the race check failed: ${report.failure?.verdict.kind}`);
    return { units: report.runs, steps: 0, choices: 0, verdict: 'ok' };
  });
}

/**
 * The Python twin of `process-pool-squares` (scenarios/pools/process-pool-squares.py, the
 * note's process pool) for `seeds` seeds, compiled once and run as `concsim run` does.
 */
export function pySeedPool(p: Params): Measure {
  const seeds = num(p, 'seeds', 2_000);
  const file = fileURLToPath(new URL('../../scenarios/pools/process-pool-squares.py', import.meta.url));
  const scenario = pythonScenario(readFileSync(file, 'utf8'), 'process-pool-squares.py');
  return measure(() => {
    let steps = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const r = runScenario(scenario, { seed, hash: false });
      if (r.verdict.kind !== 'ok') throw new Error(`py-seed-pool: seed ${seed} ended with ${r.verdict.kind}`);
      steps += r.steps;
    }
    return { units: seeds, steps, choices: 0, verdict: 'ok' };
  });
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
