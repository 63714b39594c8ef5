/**
 * pct's guarantee, measured: a bug of depth d is found with probability at least
 * 1/(n·k^(d−1)) per run (Burckhardt et al., ASPLOS 2010), n threads and k steps. concsim
 * places change points only at scheduling decisions, so k is the number of decisions of a
 * run (its running maximum over the runs measured, which is also what the portfolio's pct
 * spreads its change points over). For every known bug, over fixed seeds, pct's hit rate
 * at some depth 1–3 must reach that depth's bound; the test prints each bug's rates and
 * bounds when it fails (repeat with `concsim run <bug> --strategy pct --depth d --seed s`).
 */
import { describe, expect, it } from 'vitest';
import { runScenario, runSummary } from '../runner/run.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';

const SEEDS = 200;
const buggy = BUILTIN_SCENARIOS.filter((s) => s.expectFailure === true);

describe('pct hit rate against its published bound', () => {
  for (const scenario of buggy) {
    it(`${scenario.name}: some depth 1-3 reaches 1/(n·k^(d-1))`, () => {
      // k: the most decisions a run makes, over random runs of the default parameters.
      let k = 1;
      for (let seed = 0; seed < 50; seed++) k = Math.max(k, runSummary(scenario, { seed }).decisions);
      const n = runScenario(scenario, { seed: 0 }).threads.length;
      const rows: string[] = [];
      let met = false;
      for (const depth of [1, 2, 3]) {
        let hits = 0;
        for (let seed = 0; seed < SEEDS; seed++) {
          const r = runSummary(scenario, { seed, strategy: 'pct', depth, pctSteps: k });
          if (r.verdict.kind !== 'ok') hits++;
        }
        const bound = 1 / (n * k ** (depth - 1));
        rows.push(`d=${depth}: ${hits}/${SEEDS} = ${(hits / SEEDS).toFixed(4)} vs bound ${bound.toFixed(6)}`);
        if (hits / SEEDS >= bound) met = true;
      }
      expect(met, `${scenario.name} (n=${n}, k=${k}): ${rows.join('; ')}`).toBe(true);
    });
  }
});
