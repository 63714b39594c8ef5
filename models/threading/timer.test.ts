import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, go, raises } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { Lock } from './lock.ts';
import { currentThread, type ExceptHookArgs, printingExcepthook, setExcepthook, Thread } from './thread.ts';
import { Timer } from './timer.ts';

const fifo = { strategy: 'fifo' } as const;

describe('Timer', () => {
  it("[TMR-1] calls the function once, after the interval, in the timer's own thread", () => {
    const sim = simulate(function* () {
      const calls: unknown[] = [];
      const t = new Timer(
        1.5,
        (a: number, b: string) => {
          calls.push({ a, b, at: monotonic(), inTimer: currentThread() === t });
        },
        [1, 'x'],
      );
      const before = t.isAlive();
      yield* t.start();
      yield* sleep(1);
      const waiting = [t.isAlive(), t.finished.isSet(), calls.length];
      yield* t.join();
      return {
        name: t.name,
        daemon: t.daemon,
        isThread: t instanceof Thread,
        before,
        waiting,
        calls,
        after: [t.isAlive(), t.finished.isSet()],
      };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      name: 'Thread-1',
      daemon: false,
      isThread: true,
      before: false,
      waiting: [true, false, 0],
      calls: [{ a: 1, b: 'x', at: 1.5, inTimer: true }],
      after: [false, true],
    });
  });

  it('[TMR-1] inherits daemon status from the creating thread', () => {
    const sim = simulate(function* () {
      let daemonic: boolean | null = null;
      const d = go(
        function* () {
          daemonic = new Timer(1, () => {}).daemon;
        },
        'd',
        { daemon: true },
      );
      yield* d.join();
      return daemonic;
    }, fifo);
    expect(sim.result).toBe(true);
  });

  it('[TMR-2] cancel() before it fires prevents the call, and the thread ends promptly', () => {
    const sim = simulate(function* () {
      let called = false;
      const t = new Timer(10, () => {
        called = true;
      });
      yield* t.start();
      yield* sleep(2);
      t.cancel();
      yield* t.join();
      return [called, monotonic(), t.isAlive(), t.finished.isSet()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([false, 2, false, true]);
  });

  it('[TMR-3] cancel() before start() is allowed: start succeeds, nothing runs, the thread ends at once', () => {
    const sim = simulate(function* () {
      let called = false;
      const t = new Timer(5, () => {
        called = true;
      });
      t.cancel();
      yield* t.start();
      yield* t.join();
      return [called, monotonic(), t.isAlive()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([false, 0, false]);
  });

  it('[TMR-4] cancel() after the timer fired is a silent no-op', () => {
    const sim = simulate(function* () {
      let calls = 0;
      const t = new Timer(0.5, () => calls++);
      yield* t.start();
      yield* t.join();
      t.cancel();
      t.cancel();
      return [calls, t.finished.isSet()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([1, true]);
  });

  it('[TMR-5] cancel() while the function runs does not interrupt it', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const t = new Timer(1, function* () {
        log.push(`start@${monotonic()}`);
        yield* sleep(2);
        log.push(`end@${monotonic()}`);
      });
      yield* t.start();
      yield* sleep(1.5);
      t.cancel();
      log.push(`cancel@${monotonic()}`);
      yield* t.join();
      return log;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['start@1', 'cancel@1.5', 'end@3']);
  });

  it('[TMR-6] an interval of 0 or below fires at once, with no error', () => {
    const sim = simulate(function* () {
      const fired: number[] = [];
      const ts = [0, -1, -0.5].map((interval) => new Timer(interval, () => fired.push(monotonic())));
      for (const t of ts) yield* t.start();
      for (const t of ts) yield* t.join();
      return fired;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([0, 0, 0]);
  });

  it('[TMR-7] start() twice raises RuntimeError', () => {
    const sim = simulate(function* () {
      const t = new Timer(1, () => {});
      yield* t.start();
      const e = yield* raises(() => t.start());
      yield* t.join();
      const late = yield* raises(() => t.start());
      return [describeError(e), describeError(late)];
    }, fifo);
    expect(sim.result).toEqual([
      'RuntimeError: threads can only be started once',
      'RuntimeError: threads can only be started once',
    ]);
  });

  it('[TMR-8] a raising function goes to excepthook, join returns normally, finished stays clear', () => {
    const sim = simulate(function* () {
      const seen: string[] = [];
      setExcepthook((args: ExceptHookArgs) => {
        seen.push(`${args.thread.name}: ${describeError(args.excValue)}`);
        printingExcepthook(args);
      });
      const t = new Timer(0.5, () => {
        throw new ValueError('boom');
      });
      yield* t.start();
      yield* t.join();
      return [seen, t.finished.isSet(), t.isAlive(), monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([['Thread-1: ValueError: boom'], false, false, 0.5]);
  });

  it("[TMR-8] under concsim's default excepthook the run ends with the timer's exception", () => {
    const sim = simulate(function* () {
      const t = new Timer(0.5, () => {
        throw new ValueError('boom');
      });
      yield* t.start();
      yield* t.join();
    }, fifo);
    expect(sim.verdict).toMatchObject({ kind: 'exception', thread: 'Thread-1', time: 500_000 });
    expect(sim.verdict.kind === 'exception' && sim.verdict.error.message).toBe('boom');
  });

  it('[TMR-9] a non-numeric interval is not checked at construction or start: the TypeError is raised in the thread', () => {
    const sim = simulate(function* () {
      const errors: string[] = [];
      setExcepthook(({ excValue }) => errors.push(describeError(excValue)));
      let called = false;
      const t = new Timer('1' as unknown as number, () => {
        called = true;
      });
      yield* t.start();
      const alive = t.isAlive();
      yield* t.join();
      return { alive, errors, called, finished: t.finished.isSet() };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      alive: true,
      errors: ["TypeError: '>' not supported between instances of 'str' and 'int'"],
      called: false,
      finished: false,
    });
  });

  it('[TMR-10] several timers fire in order of interval, not of start', () => {
    const sim = simulate(function* () {
      const fired: string[] = [];
      const ts = (
        [
          ['slow', 3],
          ['fast', 1],
          ['mid', 2],
        ] as const
      ).map(([name, interval]) => new Timer(interval, () => fired.push(`${name}@${monotonic()}`)));
      for (const t of ts) yield* t.start();
      for (const t of ts) yield* t.join();
      return fired;
    }, fifo);
    expect(sim.result).toEqual(['fast@1', 'mid@2', 'slow@3']);
  });

  it('[TMR-11] args=null becomes []; the interval is exposed as .interval', () => {
    const sim = simulate(function* () {
      let got: unknown[] | null = null;
      const t = new Timer(
        0.25,
        (...a: unknown[]) => {
          got = a;
        },
        null,
      );
      yield* t.start();
      yield* t.join();
      return [t.args, t.interval, got];
    }, fifo);
    expect(sim.result).toEqual([[], 0.25, []]);
  });

  it('[TMR-11] kwargs go to the function after args, as an options object; null becomes {}', () => {
    const sim = simulate(function* () {
      const got: unknown[][] = [];
      const a = new Timer(0.1, (...x: unknown[]) => got.push(x), [1], { end: '!' });
      const b = new Timer(0.1, (...x: unknown[]) => got.push(x), [2], null);
      for (const t of [a, b]) yield* t.start();
      for (const t of [a, b]) yield* t.join();
      return [got, b.kwargs];
    }, fifo);
    expect(sim.result).toEqual([[[1, { end: '!' }], [2]], {}]);
  });

  it('a function may return any blocking operation (function=ev.wait)', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      yield* l.acquire();
      const t = new Timer(0.5, () => l.acquire());
      yield* t.start();
      yield* sleep(1);
      const waiting = [t.isAlive(), t.finished.isSet()];
      l.release();
      yield* t.join();
      return [waiting, t.finished.isSet()];
    }, fifo);
    expect(sim.result).toEqual([[true, false], true]);
  });

  it("[TMR-1] a name option (concsim's) overrides Thread-N and labels the finished Event", () => {
    const sim = simulate(function* () {
      const t = new Timer(0, () => {}, [], null, { name: 'tick' });
      yield* t.start();
      yield* t.join();
      return [t.name, t.finished.label];
    }, fifo);
    expect(sim.result).toEqual(['tick', 'tick.finished']);
  });
});
