import { describe, expect, it } from 'vitest';
import checkThenAct from '../scenarios/bugs/check-then-act.ts';
import eventWakeup from '../scenarios/threading/event-wakeup.ts';
import { assertCheck, assertRun, ScenarioFailure } from './assert.ts';

describe('assertRun / assertCheck', () => {
  it('return the report when the scenario holds', () => {
    expect(assertRun(eventWakeup, { seed: 3 }).verdict.kind).toBe('ok');
    expect(assertCheck(eventWakeup, { runs: 50, seed: 3 }).ok).toBe(true);
  });

  it('throw with the verdict and the replay command when it does not', () => {
    let caught: unknown;
    try {
      assertCheck(checkThenAct, { runs: 1000, seed: 5 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioFailure);
    const message = (caught as Error).message;
    expect(message).toMatch(/invariant 'not-oversold' broken/);
    expect(message).toMatch(/replay\s+concsim replay check-then-act --seed \d+/);
  });
});
