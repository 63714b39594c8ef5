/**
 * The checker: for every known-bug scenario, the default `checkScenario` (the portfolio)
 * finds the failure within 1,000 schedules, shrunk to the fewest preemptions (proven by
 * DFS), and the failure it reports replays — in process and through `concsim replay` — to
 * the same verdict and trace hash; its fixed twin (`fixed=true`) passes. For the scenarios
 * that are not buggy, a few hundred explored runs find nothing. A failing seed is printed
 * by fast-check; `concsim check <scenario> --seed N` repeats it.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeChoices, type Verdict } from '../engine/index.ts';
import { CHECK_MAX_STEPS, checkScenario } from '../runner/check.ts';
import { runScenario } from '../runner/run.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { paramArgs, seedArb } from './support.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The checker's default step budget per run; a replay must use the same one. */

const buggy = BUILTIN_SCENARIOS.filter((s) => s.expectFailure === true);
const sound = BUILTIN_SCENARIOS.filter((s) => s.expectFailure !== true);

/** What identifies a failure: its kind, and for a broken invariant, which one. */
function failureKind(v: Verdict): string {
  return v.kind === 'invariant' ? `invariant:${v.monitor}` : v.kind;
}

describe('checker', () => {
  it('there are known-bug scenarios and sound ones to check', () => {
    expect(buggy.length).toBeGreaterThanOrEqual(3);
    expect(sound.length).toBeGreaterThanOrEqual(1);
  });

  for (const scenario of buggy) {
    test.prop([seedArb], { numRuns: 4 })(
      `${scenario.name}: the default check finds the bug within 1,000 runs, with the fewest preemptions, and the failure replays`,
      (seed) => {
        const c = checkScenario(scenario, { runs: 1000, seed });
        expect(c.ok).toBe(false);
        expect(c.minimal).toBe(true);
        const f = c.failure!;
        expect(c.foundAt).toBeLessThanOrEqual(1000);
        expect(f.verdict.kind).not.toBe('ok');
        expect(f.replay).toContain(`--seed ${f.seed}`);
        const again = runScenario(scenario, {
          strategy: 'replay',
          seed: f.seed,
          params: f.params,
          choices: decodeChoices(f.choices),
          maxSteps: CHECK_MAX_STEPS,
        });
        expect(failureKind(again.verdict)).toBe(failureKind(f.verdict));
        expect(again.traceHash).toBe(f.traceHash);
        expect(again.choices).toBe(f.choices);
      },
    );
  }

  for (const scenario of buggy.filter((s) => 'fixed' in s.params)) {
    test.prop([seedArb], { numRuns: 2 })(`${scenario.name}: its fixed twin passes 300 explored runs`, (seed) => {
      const c = checkScenario(scenario, { runs: 300, seed, params: { fixed: true } });
      expect(c.failure?.replay ?? 'no failure').toBe('no failure');
    });
  }

  it('the replay command a check prints reproduces the failure in another process', () => {
    for (const scenario of buggy) {
      const c = checkScenario(scenario, { runs: 1000, seed: 42 });
      expect(c.ok, scenario.name).toBe(false);
      const f = c.failure!;
      const args = [
        'cli/bin.js',
        'replay',
        scenario.name,
        '--seed',
        String(f.seed),
        '--choices',
        f.choices,
        '--max-steps',
        String(CHECK_MAX_STEPS),
        '--json',
        ...paramArgs(f.params),
      ];
      let stdout = '';
      try {
        stdout = execFileSync(process.execPath, args, {
          cwd: root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (e) {
        const err = e as { status?: number; stdout?: string; stderr?: string };
        expect(err.status, `${args.join(' ')}: ${err.stderr}`).toBe(1); // a failed run
        stdout = err.stdout ?? '';
      }
      const there = JSON.parse(stdout) as { traceHash: string; verdict: Verdict };
      expect(failureKind(there.verdict), scenario.name).toBe(failureKind(f.verdict));
      expect(there.traceHash, scenario.name).toBe(f.traceHash);
    }
  }, 300_000); // one CLI process per known bug (20): several seconds each on a loaded machine

  for (const scenario of sound) {
    test.prop([seedArb], { numRuns: 2 })(`${scenario.name}: 300 explored runs with pct find nothing`, (seed) => {
      const c = checkScenario(scenario, { strategy: 'pct', runs: 300, seed });
      expect(c.failure?.replay ?? 'no failure').toBe('no failure');
      expect(c.ok).toBe(true);
      expect(c.runs).toBe(300);
    });
  }
});
