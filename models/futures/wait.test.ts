import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { TimeoutError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, eachOf, raises } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { type AnyFuture, Future } from './future.ts';
import { ThreadPoolExecutor } from './thread-pool.ts';
import {
  ALL_COMPLETED,
  type AsCompletedIterator,
  asCompleted,
  type DoneAndNotDoneFutures,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  wait,
} from './wait.ts';

const fifo = { strategy: 'fifo' } as const;

function* sleeper(seconds: number): Blocking<number> {
  yield* sleep(seconds);
  return seconds;
}

function* failer(seconds: number): Blocking<never> {
  yield* sleep(seconds);
  throw new RangeError(`failed after ${seconds}`);
}

function labels(fs: Iterable<AnyFuture>): string[] {
  return [...fs].map((f) => f.label);
}

function summary(r: DoneAndNotDoneFutures): string {
  return `done [${labels(r.done).join(' ')}] notDone [${labels(r.notDone).join(' ')}] @${monotonic()}`;
}

/** Consumes `it` as a for-loop does: each future's label and time, then the error if any. */
function* drain(it: AsCompletedIterator): Blocking<string[]> {
  const out: string[] = [];
  try {
    for (;;) {
      const r = yield* it.next();
      if (r.done === true) return out;
      out.push(`${r.value.label}@${monotonic()}`);
    }
  } catch (e) {
    out.push(`${describeError(e)}@${monotonic()}`);
    return out;
  }
}

describe('asCompleted', () => {
  it('[ASC-1] already-finished futures come first, then the rest in completion order; duplicates once', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(4);
      const slow = yield* ex.submit(sleeper, 3); // Future-1
      const fast = yield* ex.submit(sleeper, 1); // Future-2
      const mid = yield* ex.submit(sleeper, 2); // Future-3
      const done1 = new Future<number>(); // Future-4
      yield* done1.setResult(0);
      const done2 = yield* ex.submit(sleeper, 0); // Future-5
      yield* done2.result();
      return yield* drain(asCompleted([slow, done2, fast, mid, done1, slow, fast]));
    }, fifo);
    // Python's sets leave the already-finished ones in no set order; here: input order.
    expect(sim.result).toEqual(['Future-5@0', 'Future-4@0', 'Future-2@1', 'Future-3@2', 'Future-1@3']);
  });

  it('[ASC-1] futures finishing at the same instant come in the order they finished', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(3);
      const fs = [yield* ex.submit(sleeper, 1), yield* ex.submit(sleeper, 1), yield* ex.submit(sleeper, 1)];
      return [labels(yield* asCompleted(fs.slice().reverse()).all()), monotonic()];
    }, fifo);
    expect(sim.result).toEqual([['Future-1', 'Future-2', 'Future-3'], 1]);
  });

  it('[ASC-2] on timeout it raises TimeoutError("N (of M) futures unfinished") after yielding what finished', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(3);
      const fs = yield* eachOf([5, 1, 4], (s) => ex.submit(sleeper, s));
      const out = yield* drain(asCompleted(fs, 2));
      const again = yield* drain(asCompleted(fs, 0.5));
      const it = asCompleted(fs, 0.5);
      yield* it.next();
      const e = yield* raises(() => it.next());
      return [out, again, e instanceof TimeoutError];
    }, fifo);
    expect(sim.result).toEqual([
      ['Future-2@1', 'TimeoutError: 2 (of 3) futures unfinished@2'],
      ['Future-2@2', 'TimeoutError: 2 (of 3) futures unfinished@2.5'],
      true,
    ]);
  });

  it('[ASC-2] a timeout of 0 yields the finished futures, then raises without waiting', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const quick = yield* ex.submit(sleeper, 0);
      const slow = yield* ex.submit(sleeper, 3);
      yield* quick.result();
      return yield* drain(asCompleted([slow, quick], 0));
    }, fifo);
    expect(sim.result).toEqual(['Future-1@0', 'TimeoutError: 1 (of 2) futures unfinished@0']);
  });

  it('[ASC-3] the timeout clock starts at the first next(), not at the call (contrast [MAP-3])', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const fs = [yield* ex.submit(sleeper, 4), yield* ex.submit(sleeper, 6)];
      const it = asCompleted(fs, 2); // t=0: nothing happens yet
      yield* sleep(3);
      return yield* drain(it); // deadline 3 + 2 = 5
    }, fifo);
    expect(sim.result).toEqual(['Future-1@4', 'TimeoutError: 1 (of 2) futures unfinished@5']);
  });

  it('[ASC-3] the snapshot of finished futures is taken at the first next() too', () => {
    const sim = simulate(function* () {
      const f = new Future<number>();
      const it = asCompleted([f]);
      yield* f.setResult(1); // before the first next(): counts as already finished
      const first = yield* it.next();
      return [first.value?.label, (yield* it.next()).done, f._waiters.length];
    }, fifo);
    expect(sim.result).toEqual(['Future-1', true, 0]);
  });

  it('close() removes its waiter from the futures not yet yielded', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const fs = [yield* ex.submit(sleeper, 1), yield* ex.submit(sleeper, 2)];
      const it = asCompleted(fs);
      yield* it.next();
      const installed = fs.map((f) => f._waiters.length);
      it.close();
      return [installed, fs.map((f) => f._waiters.length), (yield* it.next()).done];
    }, fifo);
    expect(sim.result).toEqual([[0, 1], [0, 0], true]);
  });
});

describe('wait', () => {
  it('[WAT-1] FIRST_COMPLETED returns as soon as one future is done', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(3);
      const fs = yield* eachOf([3, 1, 2], (s) => ex.submit(sleeper, s));
      return summary(yield* wait(fs, { returnWhen: FIRST_COMPLETED }));
    }, fifo);
    expect(sim.result).toBe('done [Future-2] notDone [Future-1 Future-3] @1');
  });

  it('[WAT-1] ALL_COMPLETED (the default) returns when every future is done', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(4);
      const fs = yield* eachOf([3, 1, 2], (s) => ex.submit(sleeper, s));
      fs.push(yield* ex.submit(failer, 2.5));
      const a = summary(yield* wait(fs));
      const b = summary(yield* wait(fs, { returnWhen: ALL_COMPLETED }));
      return [a, b];
    }, fifo);
    expect(sim.result).toEqual([
      'done [Future-2 Future-3 Future-4 Future-1] notDone [] @3',
      'done [Future-1 Future-2 Future-3 Future-4] notDone [] @3',
    ]);
  });

  it('[WAT-2] FIRST_EXCEPTION returns at the first exception; with none it waits for all', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(4);
      const fs = [yield* ex.submit(sleeper, 1), yield* ex.submit(failer, 2), yield* ex.submit(sleeper, 3)];
      const a = summary(yield* wait(fs, { returnWhen: FIRST_EXCEPTION }));
      const gs = [yield* ex.submit(sleeper, 1), yield* ex.submit(sleeper, 2)];
      const b = summary(yield* wait(gs, { returnWhen: FIRST_EXCEPTION }));
      // A future that already failed makes it return at once.
      const c = summary(
        yield* wait([fs[2] as Future<number>, fs[1] as Future<number>], { returnWhen: FIRST_EXCEPTION }),
      );
      return [a, b, c];
    }, fifo);
    expect(sim.result).toEqual([
      'done [Future-1 Future-2] notDone [Future-3] @2',
      'done [Future-4 Future-5] notDone [] @4',
      'done [Future-3 Future-2] notDone [] @4',
    ]);
  });

  it('[WAT-3] wait(timeout) never raises: it returns (done, notDone) after the timeout', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const fs = [yield* ex.submit(sleeper, 1), yield* ex.submit(sleeper, 5)];
      const a = summary(yield* wait(fs, { timeout: 2 }));
      const b = summary(yield* wait(fs, { timeout: 0 }));
      const c = summary(yield* wait(fs, { timeout: -1, returnWhen: FIRST_EXCEPTION }));
      return [a, b, c];
    }, fifo);
    expect(sim.result).toEqual([
      'done [Future-1] notDone [Future-2] @2',
      'done [Future-1] notDone [Future-2] @2',
      'done [Future-1] notDone [Future-2] @2',
    ]);
  });

  it('[WAT-4] FIRST_COMPLETED returns at once if a future is already done', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const quick = yield* ex.submit(sleeper, 1);
      const slow = yield* ex.submit(sleeper, 9);
      yield* quick.result();
      return [summary(yield* wait([slow, quick], { returnWhen: FIRST_COMPLETED })), slow._waiters.length];
    }, fifo);
    expect(sim.result).toEqual(['done [Future-1] notDone [Future-2] @1', 0]);
  });

  it('[WAT-5] an invalid returnWhen raises ValueError only when some future is still pending', () => {
    const sim = simulate(function* () {
      const done = new Future<number>();
      yield* done.setResult(1);
      const pending = new Future<number>();
      const bogus = 'BOGUS' as ReturnWhen;
      const ok = summary(yield* wait([done], { returnWhen: bogus }));
      const e = yield* raises(() => wait([done, pending], { returnWhen: bogus }));
      const e2 = yield* raises(() => wait([pending], { returnWhen: "it's" as ReturnWhen }));
      return [ok, describeError(e), describeError(e2), pending._waiters.length];
    }, fifo);
    expect(sim.result).toEqual([
      'done [Future-1] notDone [] @0',
      "ValueError: Invalid return condition: 'BOGUS'",
      'ValueError: Invalid return condition: "it\'s"',
      0,
    ]);
  });

  it('[WAT-6] wait([]) returns empty sets at once, asCompleted([]) yields nothing; duplicates collapse', () => {
    const sim = simulate(function* () {
      const empty = yield* wait([], { returnWhen: FIRST_COMPLETED });
      const none = yield* asCompleted([]).all();
      const ex = new ThreadPoolExecutor(1);
      const f = yield* ex.submit(sleeper, 1);
      const dup = yield* wait([f, f, f]);
      const dupAs = yield* asCompleted([f, f]).all();
      return [empty.done.size, empty.notDone.size, none.length, summary(dup), labels(dupAs)];
    }, fifo);
    expect(sim.result).toEqual([0, 0, 0, 'done [Future-1] notDone [] @1', ['Future-1']]);
  });

  it('[WAT-7] a cancelled future does not count as an exception for FIRST_EXCEPTION', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      yield* ex.submit(sleeper, 1); // keeps the one worker busy until t=1
      const cancelled = yield* ex.submit(sleeper, 1); // Future-2
      const after = yield* ex.submit(sleeper, 1); // Future-3
      yield* cancelled.cancel();
      // The worker notifies the cancel at t=1; the wait goes on until Future-3 is done.
      return summary(yield* wait([cancelled, after], { returnWhen: FIRST_EXCEPTION }));
    }, fifo);
    expect(sim.result).toBe('done [Future-2 Future-3] notDone [] @2');
  });

  it('removes its waiter from every future when it returns', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const fs = [yield* ex.submit(sleeper, 1), yield* ex.submit(sleeper, 2)];
      yield* wait(fs, { returnWhen: FIRST_COMPLETED });
      return fs.map((f) => f._waiters.length);
    }, fifo);
    expect(sim.result).toEqual([0, 0]);
  });
});
