/**
 * The classic bugs written in Python (scenarios/bugs/*.py): `check` finds each one, and the
 * failure it reports replays to the same verdict; each fixed twin (`FIXED = True`) passes
 * every schedule with at most one preemption.
 */
import { describe, expect, it } from 'vitest';
import { check, decodeChoices, run } from '../../index.ts';
import { explore } from '../../runner/explore.ts';
import { loadPython } from '../../runner/python.ts';
import type { AnyScenario } from '../../runner/scenario.ts';

const BUGS: readonly [string, string][] = [
  ['lost-wakeup.py', 'deadlock'],
  ['lock-order-deadlock.py', 'deadlock'],
  ['dict-lost-update.py', 'AssertionError'],
  ['pool-starvation.py', 'deadlock'],
  ['callback-race.py', 'AssertionError'],
];

describe('classic bugs in Python', () => {
  for (const [file, kind] of BUGS) {
    it(`check finds ${file} (${kind}) and its replay fails the same way`, () => {
      const path = new URL(file, import.meta.url).pathname;
      const report = check(path, { seed: 1 });
      expect(report.ok).toBe(false);
      const failure = report.failure;
      expect(failure).toBeDefined();
      const text = JSON.stringify(failure?.verdict);
      expect(text).toContain(kind);
      const choices = decodeChoices(failure?.choices ?? '');
      const again = run(path, { seed: failure?.seed ?? 0, strategy: 'replay', choices, params: failure?.params ?? {} });
      expect(JSON.stringify(again.verdict)).toBe(text);
    }, 60_000);
  }

  for (const [file] of BUGS) {
    it(`${file} with FIXED = True passes every schedule with at most one preemption`, () => {
      const s = loadPython(new URL(file, import.meta.url).pathname) as unknown as AnyScenario;
      const r = explore(s, { preemptions: 1, params: { FIXED: true } });
      expect(r.failure?.verdict).toBeUndefined();
      expect(r.complete).toBe(true);
    }, 60_000);
  }
});
