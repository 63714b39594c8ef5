import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { TimeoutError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, go, raises } from '../testing.ts';
import { currentThread } from '../threading/thread.ts';
import { monotonic, sleep } from '../time.ts';
import type { ResultIterator } from './executor.ts';
import { ThreadPoolExecutor } from './thread-pool.ts';

const fifo = { strategy: 'fifo' } as const;

/** A task that sleeps `seconds` and returns it, recording its start and end in `log`. */
function timed(log: string[]) {
  return function* (seconds: number): Blocking<number> {
    log.push(`start ${seconds}@${monotonic()}`);
    yield* sleep(seconds);
    log.push(`end ${seconds}@${monotonic()}`);
    return seconds;
  };
}

function* sleeper(seconds: number): Blocking<number> {
  yield* sleep(seconds);
  return seconds;
}

/** Consumes `it` as a for-loop does, recording each value or the error with the time. */
function* drain<T>(it: ResultIterator<T>): Blocking<string[]> {
  const out: string[] = [];
  for (;;) {
    let r: IteratorResult<T, undefined>;
    try {
      r = yield* it.next();
    } catch (e) {
      out.push(`${describeError(e)}@${monotonic()}`);
      continue; // a raising generator is exhausted: the next call says done
    }
    if (r.done === true) return out;
    out.push(`${String(r.value)}@${monotonic()}`);
  }
}

describe('Executor.map', () => {
  it('[MAP-1] results come back in input order, whatever the completion order', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(3);
      return yield* drain(yield* ex.map(sleeper, [3, 1, 2]));
    }, fifo);
    expect(sim.result).toEqual(['3@3', '1@3', '2@3']);
  });

  it('[MAP-1] results() is list(map(...))', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const squares = yield* (yield* ex.map((x: number) => x * x, [1, 2, 3, 4])).results();
      return [squares, currentThread().name];
    }, fifo);
    expect(sim.result).toEqual([[1, 4, 9, 16], 'MainThread']);
  });

  it('[MAP-2] map() submits every call at once, before the first next()', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(3);
      const it = yield* ex.map(timed(log), [1, 2, 3]);
      const workers = ex.threads.length;
      yield* sleep(5);
      const started = [...log];
      return [workers, started, yield* it.results(), monotonic()];
    }, fifo);
    expect(sim.result).toEqual([
      3,
      ['start 1@0', 'start 2@0', 'start 3@0', 'end 1@1', 'end 2@2', 'end 3@3'],
      [1, 2, 3],
      5,
    ]);
  });

  it('[MAP-3] the timeout counts from the map() call: next() after the deadline raises at once', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const it = yield* ex.map(sleeper, [1, 5], { timeout: 2 });
      yield* sleep(3);
      // The item done in time is still yielded; the late one raises at once, at t=3.
      return yield* drain(it);
    }, fifo);
    expect(sim.result).toEqual(['1@3', 'TimeoutError: @3']);
  });

  it('[MAP-4] each next() waits only for the time left to the one deadline', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(3);
      const it = yield* ex.map(sleeper, [1, 3, 5], { timeout: 2 });
      const first = yield* it.next();
      const t1 = monotonic();
      const e = yield* raises(() => it.next());
      return [first.value, t1, describeError(e), e instanceof TimeoutError, monotonic(), (yield* it.next()).done];
    }, fifo);
    expect(sim.result).toEqual([1, 1, 'TimeoutError: ', true, 2, true]);
  });

  it('[MAP-4] the item that timed out is cancelled if it has not started (_result_or_cancel)', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(1);
      const busy = yield* ex.submit(sleeper, 3);
      const it = yield* ex.map(timed(log), [1], { timeout: 1 });
      const e = yield* raises(() => it.next());
      yield* busy.result();
      yield* ex.shutdown();
      return [describeError(e), monotonic(), log];
    }, fifo);
    expect(sim.result).toEqual(['TimeoutError: ', 3, []]);
  });

  it('[MAP-5] ThreadPoolExecutor.map ignores chunksize and does not check it', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const out: number[][] = [];
      for (const chunksize of [0, -3, 1, 100]) {
        out.push(yield* (yield* ex.map((x: number) => x + 1, [1, 2, 3], { chunksize })).results());
      }
      return out;
    }, fifo);
    expect(sim.result).toEqual([
      [2, 3, 4],
      [2, 3, 4],
      [2, 3, 4],
      [2, 3, 4],
    ]);
  });

  it('[MAP-6] several iterables are zipped: the shortest one wins', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      let pulled = 0;
      const counting = (function* () {
        for (let i = 1; ; i++) {
          pulled++;
          yield i * 100;
        }
      })();
      const a = yield* (yield* ex.map((x: number, y: number) => x + y, [1, 2, 3], [10, 20])).results();
      const b = yield* (yield* ex.map(
        (x: number, y: number, z: string) => `${x + y}${z}`,
        [1, 2],
        counting,
        'abc',
      )).results();
      const none = yield* (yield* ex.map(() => 1)).results();
      return [a, b, pulled, none];
    }, fifo);
    // zip pulls from the iterables in order and stops at the first exhausted one.
    expect(sim.result).toEqual([[11, 22], ['101a', '202b'], 2, []]);
  });

  it('[MAP-7] an exception is raised at its position after the earlier results; the rest are cancelled', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(1);
      const task = function* (x: number): Blocking<number> {
        log.push(`run ${x}@${monotonic()}`);
        yield* sleep(1);
        if (x === 2) throw new RangeError(`bad ${x}`);
        return x;
      };
      const out = yield* drain(yield* ex.map(task, [1, 2, 3, 4]));
      yield* ex.shutdown();
      return [out, log, monotonic()];
    }, fifo);
    // 3 was already running when 2 failed (one worker, FIFO): only 4 was still cancellable.
    expect(sim.result).toEqual([['1@1', 'RangeError: bad 2@2'], ['run 1@0', 'run 2@1', 'run 3@2'], 3]);
  });

  it('[MAP-7] closing a partly consumed iterator cancels the pending futures; closing an unstarted one does not', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(1);
      const it = yield* ex.map(timed(log), [1, 1, 1]);
      const first = yield* it.next();
      yield* it.close();
      const afterClose = yield* it.next();
      yield* sleep(5);
      const partly = [...log];
      log.length = 0;
      const unstarted = yield* ex.map(timed(log), [1, 1]);
      yield* unstarted.close();
      yield* sleep(5);
      return [first.value, afterClose.done, partly, log];
    }, fifo);
    expect(sim.result).toEqual([
      1,
      true,
      // The second item was already running when the iterator was closed at t=1.
      ['start 1@0', 'end 1@1', 'start 1@1', 'end 1@2'],
      ['start 1@6', 'end 1@7', 'start 1@7', 'end 1@8'],
    ]);
  });

  it('[MAP-7] a second thread calling next() while one is blocked in it gets ValueError', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      const it = yield* ex.map(sleeper, [2, 1]);
      let other = '';
      const t = go(function* () {
        yield* sleep(1);
        other = describeError(yield* raises(() => it.next()));
        other += ` / close: ${describeError(yield* raises(() => it.close()))}`;
      });
      const values = yield* it.results();
      yield* t.join();
      return [values, other];
    }, fifo);
    expect(sim.result).toEqual([
      [2, 1],
      'ValueError: generator already executing / close: ValueError: generator already executing',
    ]);
  });

  it("map() raises Python's TypeError for a non-numeric timeout or a non-iterable, before submitting", () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      const a = yield* raises(() => ex.map(sleeper, [1], { timeout: '2' as unknown as number }));
      const b = yield* raises(() => ex.map(sleeper, 5 as unknown as number[]));
      yield* sleep(0);
      return [describeError(a), describeError(b), ex.threads.length];
    }, fifo);
    expect(sim.result).toEqual([
      "TypeError: unsupported operand type(s) for +: 'str' and 'float'",
      "TypeError: 'int' object is not iterable",
      0,
    ]);
  });
});
