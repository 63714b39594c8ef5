import { describe, expect, it } from 'vitest';
import type { Blocking, TraceRecord } from '../../engine/index.ts';
import { BaseException, TimeoutError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, go, raises, raisesNow } from '../testing.ts';
import { Lock } from '../threading/lock.ts';
import { currentThread } from '../threading/thread.ts';
import { monotonic, sleep } from '../time.ts';
import { CancelledError, InvalidStateError } from './errors.ts';
import { CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED, Future, PENDING, RUNNING } from './future.ts';
import { futuresLog } from './log.ts';
import { ThreadPoolExecutor } from './thread-pool.ts';
import { asCompleted, wait } from './wait.ts';

const fifo = { strategy: 'fifo' } as const;

function* work<T>(seconds: number, value: T): Blocking<T> {
  yield* sleep(seconds);
  return value;
}

function here(): string {
  return `${currentThread().name}@${monotonic()}`;
}

describe('Future', () => {
  it('[FUT-1] PENDING → RUNNING → FINISHED; cancel() is false once running or finished', () => {
    const sim = simulate(function* () {
      const f = new Future<number>();
      const out: unknown[] = [f.state, f.running(), f.done()];
      out.push(f.setRunningOrNotifyCancel(), f.state, f.running(), f.done(), yield* f.cancel(), f.cancelled());
      yield* f.setResult(7);
      out.push(f.state, f.running(), f.done(), yield* f.cancel(), f.cancelled(), yield* f.result());
      return out;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      PENDING,
      false,
      false,
      true,
      RUNNING,
      true,
      false,
      false,
      false,
      FINISHED,
      false,
      true,
      false,
      false,
      7,
    ]);
  });

  it('[FUT-1] PENDING → CANCELLED: cancel() is true, again true; done() true, running() false', () => {
    const sim = simulate(function* () {
      const f = new Future();
      const first = yield* f.cancel();
      const r = describeError(yield* raises(() => f.result(0)));
      return [first, yield* f.cancel(), f.state, f.cancelled(), f.done(), f.running(), r];
    }, fifo);
    expect(sim.result).toEqual([true, true, CANCELLED, true, true, false, 'CancelledError: ']);
  });

  it('[FUT-2] result() and exception() on a cancelled future raise CancelledError', () => {
    const sim = simulate(function* () {
      const f = new Future();
      yield* f.cancel();
      const r = yield* raises(() => f.result());
      const e = yield* raises(() => f.exception(1));
      f.setRunningOrNotifyCancel(); // CANCELLED_AND_NOTIFIED is cancelled too
      const r2 = yield* raises(() => f.result(0));
      return [describeError(r), describeError(e), describeError(r2), r instanceof CancelledError, monotonic()];
    }, fifo);
    expect(sim.result).toEqual(['CancelledError: ', 'CancelledError: ', 'CancelledError: ', true, 0]);
  });

  it('[FUT-2] a thread blocked in result() gets CancelledError when the future is cancelled', () => {
    const sim = simulate(function* () {
      const f = new Future();
      let got = '';
      const t = go(function* () {
        got = `${describeError(yield* raises(() => f.result()))}@${monotonic()}`;
      });
      yield* sleep(1);
      yield* f.cancel();
      yield* t.join();
      return got;
    }, fifo);
    expect(sim.result).toBe('CancelledError: @1');
  });

  it('[FUT-3] result(t) and exception(t) raise TimeoutError after t; the task still completes later', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      const f = yield* ex.submit(work, 2, 'late');
      const r = yield* raises(() => f.result(0.5));
      const t1 = monotonic();
      const e = yield* raises(() => f.exception(0.5));
      const t2 = monotonic();
      const value = yield* f.result();
      return [describeError(r), t1, describeError(e), t2, r instanceof TimeoutError, value, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['TimeoutError: ', 0.5, 'TimeoutError: ', 1, true, 'late', 2]);
  });

  it('[FUT-3] a timeout of 0 or a negative timeout raises at once', () => {
    const sim = simulate(function* () {
      const f = new Future();
      const a = yield* raises(() => f.result(0));
      const b = yield* raises(() => f.result(-1));
      const c = yield* raises(() => f.exception(-5));
      yield* f.setResult(3);
      return [describeError(a), describeError(b), describeError(c), monotonic(), yield* f.result(0)];
    }, fifo);
    expect(sim.result).toEqual(['TimeoutError: ', 'TimeoutError: ', 'TimeoutError: ', 0, 3]);
  });

  it("[FUT-3] a non-numeric timeout raises Python's TypeError, only when it would wait", () => {
    const sim = simulate(function* () {
      const f = new Future();
      const pending = yield* raises(() => f.result('1' as unknown as number));
      yield* f.setResult(1);
      return [describeError(pending), yield* f.result('1' as unknown as number)];
    }, fifo);
    expect(sim.result).toEqual(["TypeError: '>' not supported between instances of 'str' and 'int'", 1]);
  });

  it('[FUT-4] result() re-raises the very object exception() returns; exception() is null on success', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const bad = yield* ex.submit(function* () {
        yield* sleep(1);
        throw new RangeError('boom');
      });
      const good = yield* ex.submit(work, 1, 5);
      const err = yield* bad.exception();
      const raised = yield* raises(() => bad.result());
      return [raised === err, describeError(err), yield* good.exception(), yield* good.result(), monotonic()];
    }, fifo);
    expect(sim.result).toEqual([true, 'RangeError: boom', null, 5, 1]);
  });

  it('[FUT-5] callbacks run in registration order, in the completing worker, after the state is FINISHED', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      const f = yield* ex.submit(work, 1, 'v');
      const log: string[] = [];
      for (const name of ['a', 'b', 'c']) {
        yield* f.addDoneCallback((g) => {
          log.push(`${name} ${here()} ${g.state} ${g.done()} ${g === f}`);
        });
      }
      yield* f.result();
      return log;
    }, fifo);
    expect(sim.result).toEqual([
      'a ThreadPoolExecutor-0_0@1 FINISHED true true',
      'b ThreadPoolExecutor-0_0@1 FINISHED true true',
      'c ThreadPoolExecutor-0_0@1 FINISHED true true',
    ]);
  });

  it('[FUT-5] a callback added to a done future runs at once, in the adding thread, before addDoneCallback returns', () => {
    const sim = simulate(function* () {
      const f = new Future<number>();
      const log: string[] = [];
      const setter = go(function* () {
        yield* sleep(1);
        yield* f.setResult(1);
      }, 'setter');
      yield* f.addDoneCallback(() => log.push(`early ${here()}`));
      yield* setter.join();
      yield* sleep(1);
      yield* f.addDoneCallback(() => log.push(`late ${here()}`));
      log.push('returned');
      const adder = go(() => f.addDoneCallback(() => log.push(`other ${here()}`)), 'adder');
      yield* adder.join();
      return log;
    }, fifo);
    expect(sim.result).toEqual(['early setter@1', 'late MainThread@2', 'returned', 'other adder@2']);
  });

  it('[FUT-6] a raising callback is logged and the rest still run; nothing reaches setResult', () => {
    const records: TraceRecord[] = [];
    const sim = simulate(
      function* () {
        const f = new Future<number>();
        const ran: string[] = [];
        yield* f.addDoneCallback(() => ran.push('first'));
        yield* f.addDoneCallback(() => {
          throw new RangeError('bad callback');
        });
        yield* f.addDoneCallback(() => ran.push('third'));
        const setter = go(function* () {
          yield* sleep(1);
          ran.push(`set returned: ${describeError(yield* raises(() => f.setResult(42)))}`);
        }, 'setter');
        yield* setter.join();
        // Added to a done future: raises in the adding thread, logged there too.
        const add = yield* raises(() =>
          f.addDoneCallback(() => {
            throw new TypeError('late');
          }),
        );
        ran.push(`add returned: ${describeError(add)}`);
        return { ran, log: futuresLog().map((r) => [r.level, r.message, r.thread, r.time, describeError(r.error)]) };
      },
      { ...fifo, listeners: [(r) => r.kind === 'future.callback-error' && records.push(r)] },
    );
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result?.ran).toEqual(['first', 'third', 'set returned: null', 'add returned: null']);
    expect(sim.result?.log).toEqual([
      [
        'ERROR',
        'exception calling callback for <Future at Future-1 state=finished returned int>',
        'setter',
        1_000_000,
        'RangeError: bad callback',
      ],
      [
        'ERROR',
        'exception calling callback for <Future at Future-1 state=finished returned int>',
        'MainThread',
        1_000_000,
        'TypeError: late',
      ],
    ]);
    expect(records.map((r) => [r.obj, r.data])).toEqual([
      ['Future-1', { callback: 2, error: 'RangeError: bad callback' }],
      ['Future-1', { callback: 4, error: 'TypeError: late' }],
    ]);
  });

  it('[FUT-6] a BaseException that is not an Exception escapes setResult, and the later callbacks do not run', () => {
    class KeyboardInterrupt extends BaseException {
      override name = 'KeyboardInterrupt';
    }
    const sim = simulate(function* () {
      const f = new Future<number>();
      const ran: string[] = [];
      yield* f.addDoneCallback(() => {
        throw new KeyboardInterrupt('^C');
      });
      yield* f.addDoneCallback(() => ran.push('second'));
      const e = yield* raises(() => f.setResult(1));
      return [describeError(e), ran, f.state, futuresLog().length];
    }, fifo);
    expect(sim.result).toEqual(['KeyboardInterrupt: ^C', [], 'FINISHED', 0]);
  });

  it('[FUT-5] a callback may block: it runs in the completing thread, and result() inside it returns at once', () => {
    const sim = simulate(function* () {
      const f = new Future<number>();
      const log: string[] = [];
      yield* f.addDoneCallback(function* (g) {
        log.push(`cb ${here()} result ${yield* g.result()}`);
        yield* sleep(1);
        log.push(`cb slept ${here()}`);
      });
      const setter = go(function* () {
        yield* f.setResult(7);
        log.push(`setResult returned ${here()}`);
      }, 'setter');
      log.push(`main got ${yield* f.result()} ${here()}`);
      yield* setter.join();
      return log;
    }, fifo);
    // The waiter is released before the callbacks run [FUT-8] (here it goes first, at the
    // scheduling point of result()'s lock in the callback); setResult returns after them.
    expect(sim.result).toEqual([
      'main got 7 MainThread@0',
      'cb setter@0 result 7',
      'cb slept setter@1',
      'setResult returned setter@1',
    ]);
  });

  it('[FUT-5] a callback waiting on a lock its completing thread holds deadlocks, naming the lock', () => {
    const sim = simulate(function* () {
      const f = new Future<number>();
      const lock = new Lock({ name: 'results-lock' });
      yield* f.addDoneCallback(() => lock.acquire());
      yield* lock.acquire();
      yield* f.setResult(1); // the callback runs here, in this thread, and waits for the lock
      lock.release();
    }, fifo);
    expect(sim.verdict).toMatchObject({
      kind: 'deadlock',
      cycle: ['MainThread'],
      blocked: [{ thread: 'MainThread', waitsOn: 'results-lock', heldBy: ['MainThread'] }],
    });
  });

  it('[FUT-7] cancel() runs the callbacks at once, in the cancelling thread', () => {
    const sim = simulate(function* () {
      const f = new Future();
      const log: string[] = [];
      yield* f.addDoneCallback((g) => log.push(`cb ${here()} ${g.cancelled()} ${g.state}`));
      yield* sleep(1);
      const c = go(function* () {
        log.push(`cancel: ${yield* f.cancel()}`);
      }, 'canceller');
      yield* c.join();
      return log;
    }, fifo);
    expect(sim.result).toEqual(['cb canceller@1 true CANCELLED', 'cancel: true']);
  });

  it('[FUT-8] threads blocked in result() are woken before the callbacks run, which run outside the lock', () => {
    const sim = simulate(function* () {
      const f = new Future<string>();
      const log: string[] = [];
      const waiter = go(function* () {
        log.push(`result ${yield* f.result()} ${here()}`);
      }, 'waiter');
      yield* sleep(1);
      yield* f.addDoneCallback((g) => {
        // notify_all has run (the waiter left the condition) and the lock is free (done() takes it).
        log.push(`callback: condition waiters ${g._condition.waiting}, done ${g.done()}, ${here()}`);
      });
      yield* f.setResult('x');
      log.push('setResult returned');
      yield* waiter.join();
      return log;
    }, fifo);
    expect(sim.result).toEqual([
      'callback: condition waiters 0, done true, MainThread@1',
      'setResult returned',
      'result x waiter@1',
    ]);
  });

  it('[FUT-9] setResult/setException on a finished or cancelled future raise InvalidStateError', () => {
    const sim = simulate(function* () {
      const done = new Future<number>();
      yield* done.setResult(1);
      const failed = new Future<number>();
      yield* failed.setException(new RangeError('x'));
      const cancelled = new Future<number>();
      yield* cancelled.cancel();
      const errs = [
        yield* raises(() => done.setResult(2)),
        yield* raises(() => done.setException(new Error('y'))),
        yield* raises(() => failed.setResult(2)),
        yield* raises(() => cancelled.setResult(2)),
      ];
      cancelled.setRunningOrNotifyCancel();
      errs.push(yield* raises(() => cancelled.setException(new Error('z'))));
      return [errs.map(describeError), errs[0] instanceof InvalidStateError, yield* done.result()];
    }, fifo);
    expect(sim.result).toEqual([
      [
        'InvalidStateError: FINISHED: <Future at Future-1 state=finished returned int>',
        'InvalidStateError: FINISHED: <Future at Future-1 state=finished returned int>',
        'InvalidStateError: FINISHED: <Future at Future-2 state=finished raised RangeError>',
        'InvalidStateError: CANCELLED: <Future at Future-3 state=cancelled>',
        'InvalidStateError: CANCELLED_AND_NOTIFIED: <Future at Future-3 state=cancelled>',
      ],
      true,
      1,
    ]);
  });

  it('[FUT-9] setRunningOrNotifyCancel: true for pending, false for cancelled, RuntimeError (logged CRITICAL) otherwise', () => {
    const sim = simulate(function* () {
      const pending = new Future();
      const cancelled = new Future();
      yield* cancelled.cancel();
      const a = pending.setRunningOrNotifyCancel();
      const b = cancelled.setRunningOrNotifyCancel();
      const again = raisesNow(() => pending.setRunningOrNotifyCancel());
      yield* pending.setResult(1);
      const finished = raisesNow(() => pending.setRunningOrNotifyCancel());
      const notified = raisesNow(() => cancelled.setRunningOrNotifyCancel());
      return {
        states: [a, pending.state, b, cancelled.state],
        errors: [again, finished, notified].map(describeError),
        log: futuresLog().map((r) => `${r.level} ${r.message}`),
      };
    }, fifo);
    expect(sim.result).toEqual({
      states: [true, FINISHED, false, CANCELLED_AND_NOTIFIED],
      errors: [
        'RuntimeError: Future in unexpected state',
        'RuntimeError: Future in unexpected state',
        'RuntimeError: Future in unexpected state',
      ],
      log: [
        'CRITICAL Future Future-1 in unexpected state: RUNNING',
        'CRITICAL Future Future-1 in unexpected state: FINISHED',
        'CRITICAL Future Future-2 in unexpected state: CANCELLED_AND_NOTIFIED',
      ],
    });
  });

  it('[FUT-10] a cancelled future not yet dequeued is done(), yet wait() counts it not done and asCompleted() times out', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      yield* ex.submit(work, 2, 'busy');
      const f = yield* ex.submit(work, 1, 'never');
      const out: unknown[] = [yield* f.cancel(), f.done(), f.state];
      const w = yield* wait([f], { timeout: 1 });
      out.push(`wait: done ${w.done.size} notDone ${w.notDone.size} @${monotonic()}`);
      const e = yield* raises(() => asCompleted([f], 0.5).next());
      out.push(`asCompleted: ${describeError(e)} @${monotonic()}`);
      // The worker dequeues it at t=2 and notifies the waiters.
      const w2 = yield* wait([f]);
      out.push(`wait: done ${w2.done.size} @${monotonic()} ${f.state}`);
      return out;
    }, fifo);
    expect(sim.result).toEqual([
      true,
      true,
      CANCELLED,
      'wait: done 0 notDone 1 @1',
      'asCompleted: TimeoutError: 1 (of 1) futures unfinished @1.5',
      'wait: done 1 @2 CANCELLED_AND_NOTIFIED',
    ]);
  });

  it('repr() follows CPython, with the label for the address', () => {
    const sim = simulate(function* () {
      const a = new Future();
      const b = new Future({ name: 'fetch' });
      b.setRunningOrNotifyCancel();
      const c = new Future();
      yield* c.setResult(undefined);
      const d = new Future();
      yield* d.cancel();
      return [a, b, c, d].map((f) => f.repr());
    }, fifo);
    expect(sim.result).toEqual([
      '<Future at Future-1 state=pending>',
      '<Future at fetch state=running>',
      '<Future at Future-2 state=finished returned NoneType>',
      '<Future at Future-3 state=cancelled>',
    ]);
  });
});
