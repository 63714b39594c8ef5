import { describe, expect, it } from 'vitest';
import { BaseException, isException, ValueError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, raises, raisesNow } from '../testing.ts';
import { compute, monotonic, sleep as timeSleep } from '../time.ts';
import { spawn } from './greenlet.ts';
import { sleep } from './hub.ts';
import { Timeout, withTimeout } from './timeout.ts';

const fifo = { strategy: 'fifo' } as const;

describe('gevent.Timeout', () => {
  it('[GTO-1] is a BaseException: `except Exception` does not catch it', () => {
    const t = new Timeout(1);
    expect(t).toBeInstanceOf(BaseException);
    expect(isException(t)).toBe(false);
    expect(isException(new ValueError('x'))).toBe(true);
  });

  it('[GTO-2] the same Timeout instance is raised in the greenlet, where it blocks, at its deadline', () => {
    const sim = simulate(function* () {
      const t = new Timeout(0.5);
      const log: string[] = [];
      const e = yield* raises(() =>
        t.with(function* () {
          yield* sleep(2);
          log.push('not reached');
        }),
      );
      return { same: e === t, at: monotonic(), log, pending: t.pending, text: String(e) };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({ same: true, at: 0.5, log: [], pending: false, text: 'Timeout: 0.5 seconds' });
  });

  it('[GTO-2] a Timeout in one greenlet leaves the others alone', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const a = spawn(function* () {
        try {
          yield* new Timeout(1).with(() => sleep(5));
        } catch (e) {
          log.push(`a: ${describeError(e)}@${monotonic()}`);
        }
      });
      const b = spawn(function* () {
        yield* sleep(2);
        log.push(`b done@${monotonic()}`);
      });
      yield* a.join();
      yield* b.join();
      return log;
    }, fifo);
    expect(sim.result).toEqual(['a: Timeout: 1 second@1', 'b done@2']);
  });

  it('[GTO-3] Timeout(t, false) suppresses itself at the end of its block; the rest of the block is skipped', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const r = yield* new Timeout(1, false).with(function* () {
        yield* sleep(3);
        log.push('not reached');
        return 'finished';
      });
      log.push(`after the block@${monotonic()}: ${r}`);
      const fast = yield* new Timeout(1, false).with(function* () {
        yield* sleep(0.5);
        return 'finished';
      });
      return [log, fast, String(new Timeout(1, false))];
    }, fifo);
    expect(sim.result).toEqual([['after the block@1: undefined'], 'finished', 'Timeout: 1 second (silent)']);
  });

  it('[GTO-4] Timeout(t, exc) raises exc instead of itself (a class is instantiated)', () => {
    const sim = simulate(function* () {
      const boom = new ValueError('too slow');
      const e1 = yield* raises(() => new Timeout(1, boom).with(() => sleep(2)));
      const e2 = yield* raises(() => new Timeout(1, ValueError).with(() => sleep(2)));
      return [e1 === boom, e2 instanceof ValueError, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([true, true, 2]);
  });

  it('[GTO-5] a Timeout cannot interrupt CPU-bound code: with no block before the exit, nothing is raised', () => {
    const sim = simulate(function* () {
      const r = yield* new Timeout(0.5).with(function* () {
        yield* compute(2);
        return 'computed';
      });
      return [r, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['computed', 2]);
  });

  it('[GTO-5] after the deadline it is raised at the next cooperative block; an unpatched blocking call does not count', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const e = yield* raises(() =>
        new Timeout(0.5).with(function* () {
          yield* compute(1);
          log.push(`computed@${monotonic()}`);
          yield* timeSleep(1); // unpatched: the hub cannot run, nothing interrupts it
          log.push(`slept@${monotonic()}`);
          yield* sleep(10);
          log.push('not reached');
        }),
      );
      log.push(`${describeError(e)}@${monotonic()}`);
      return log;
    }, fifo);
    expect(sim.result).toEqual(['computed@1', 'slept@2', 'Timeout: 0.5 seconds@2']);
  });

  it('[GTO-6] withTimeout returns timeoutValue on expiry, raises the Timeout without it, and the result otherwise', () => {
    const sim = simulate(function* () {
      function* slow(t: number, v: string) {
        yield* sleep(t);
        return v;
      }
      const fast = yield* withTimeout(1, slow, { args: [0.5, 'fast'] });
      const flagged = yield* withTimeout(1, slow, { args: [3, 'slow'], timeoutValue: 'gave up' });
      const raised = yield* raises(() => withTimeout(1, slow, { args: [3, 'slow'] }));
      const plain = yield* withTimeout(1, (x: number) => x + 1, { args: [41] });
      return [fast, flagged, describeError(raised), raised instanceof Timeout, plain, monotonic()];
    }, fifo);
    expect(sim.result).toEqual(['fast', 'gave up', 'Timeout: 1 second', true, 42, 2.5]);
  });

  it('[GTO-7] starting a pending Timeout is an AssertionError; cancel() allows a restart', () => {
    const sim = simulate(function* () {
      const t = Timeout.startNew(5);
      const e = raisesNow(() => t.start());
      t.cancel();
      t.start();
      const pending = t.pending;
      t.cancel();
      yield* sleep(6);
      return [describeError(e), pending, t.pending];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      'AssertionError: <Timeout seconds=5 pending> is already started; to restart it, cancel it first',
      true,
      false,
    ]);
  });

  it('[GTO-8] Timeout(null) never fires; Timeout(0) does not fire across sleep(0) but at the next real wait; a negative one too', () => {
    const sim = simulate(function* () {
      const never = yield* new Timeout(null).with(function* () {
        yield* sleep(1);
        return 'ran out the block';
      });
      const log: string[] = [];
      for (const seconds of [0, -1]) {
        const e = yield* raises(() =>
          new Timeout(seconds).with(function* () {
            yield* sleep(0);
            log.push(`${seconds}: survived sleep(0)`);
            yield* sleep(0.1);
            log.push('not reached');
          }),
        );
        log.push(`${seconds}: ${describeError(e)}@${monotonic()}`);
      }
      return [never, log];
    }, fifo);
    expect(sim.result).toEqual([
      'ran out the block',
      ['0: survived sleep(0)', '0: Timeout: 0 seconds@1', '-1: survived sleep(0)', '-1: Timeout: -1 seconds@1'],
    ]);
  });

  it('a cancelled Timeout raises nothing even if its time came while the greenlet was busy', () => {
    const sim = simulate(function* () {
      const t = Timeout.startNew(0.5);
      yield* compute(1); // the deadline passes; the hub cannot run
      t.cancel();
      yield* sleep(1);
      return monotonic();
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toBe(2);
  });
});
