/**
 * The built-in scenarios' documented outcomes, pinned: Python's behaviour as each
 * scenario's comment states it, under fixed seeds and schedules.
 */
import { describe, expect, it } from 'vitest';
import { decodeChoices } from '../engine/index.ts';
import { runScenario } from '../runner/run.ts';
import lockOrderDeadlock from './bugs/lock-order-deadlock.ts';
import eventWakeup from './threading/event-wakeup.ts';
import timerHello from './threading/timer-hello.ts';

describe('event-wakeup', () => {
  it('[EVT-5] every waiter returns true at the instant of set()', () => {
    const r = runScenario(eventWakeup, { seed: 1, strategy: 'fifo', params: { waiters: 4, setAfter: 2.5 } });
    expect(r.verdict).toEqual({ kind: 'ok' });
    expect(r.virtualTime).toBe(2.5);
    expect(r.result?.woken.map((w: { returned: boolean; at: number }) => [w.returned, w.at])).toEqual(
      Array(4).fill([true, 2.5]),
    );
  });

  it('[EVT-4] a waiter returns true even when clear() follows set() at once', () => {
    const r = runScenario(eventWakeup, { seed: 2, strategy: 'pct', params: { clearAfterSet: true } });
    expect(r.verdict.kind).toBe('ok');
    expect(r.result?.isSet).toBe(false);
    expect(r.result?.woken.every((w: { returned: boolean }) => w.returned)).toBe(true);
  });

  it('[EVT-3] a waiter whose timeout comes first returns false at its timeout', () => {
    const r = runScenario(eventWakeup, { seed: 3, params: { waiters: 2, timeout: 0.5, setAfter: 1 } });
    expect(r.verdict.kind).toBe('ok');
    expect(r.result?.woken.map((w: { returned: boolean; at: number }) => [w.returned, w.at])).toEqual([
      [false, 0.5],
      [false, 0.5],
    ]);
  });
});

describe('timer-hello', () => {
  it('[TMR-1] fires once, in its own thread, at exactly start + interval', () => {
    const r = runScenario(timerHello, { seed: 1, params: { interval: 1.25 } });
    expect(r.verdict.kind).toBe('ok');
    expect(r.result?.hello).toEqual({ thread: r.result?.timer, at: 1.25 });
  });

  it('[TMR-2] cancelled first, it never fires and its thread ends at once', () => {
    const r = runScenario(timerHello, { seed: 1, params: { interval: 5, cancelAt: 1 } });
    expect(r.result?.hello).toBeNull();
    expect(r.virtualTime).toBe(1);
  });

  it('a cancel at the very instant it fires is a race the schedule decides, both ways', () => {
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const r = runScenario(timerHello, { seed, strategy: 'random', params: { interval: 1, cancelAt: 1 } });
      expect(r.verdict.kind).toBe('ok');
      outcomes.add(r.result?.hello === null ? 'cancelled' : 'fired');
      const again = runScenario(timerHello, {
        seed,
        strategy: 'replay',
        choices: decodeChoices(r.choices),
        params: { interval: 1, cancelAt: 1 },
      });
      expect(again.traceHash).toBe(r.traceHash);
    }
    expect([...outcomes].sort()).toEqual(['cancelled', 'fired']);
  });
});

describe('lock-order-deadlock', () => {
  it('reports the wait-for cycle, who waits on what and who holds it', () => {
    let r = runScenario(lockOrderDeadlock, { seed: 0, strategy: 'fifo' });
    for (let seed = 0; r.verdict.kind !== 'deadlock' && seed < 50; seed++) {
      r = runScenario(lockOrderDeadlock, { seed, strategy: 'random' });
    }
    expect(r.verdict.kind).toBe('deadlock');
    if (r.verdict.kind !== 'deadlock') return;
    expect([...r.verdict.cycle].sort()).toEqual(['transfer-AB', 'transfer-BA']);
    expect(r.verdict.blocked).toEqual(
      expect.arrayContaining([
        { thread: 'transfer-AB', waitsOn: 'lock-B', heldBy: ['transfer-BA'] },
        { thread: 'transfer-BA', waitsOn: 'lock-A', heldBy: ['transfer-AB'] },
      ]),
    );
  });
});
