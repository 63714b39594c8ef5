import { describe, expect, it } from 'vitest';
import { BrokenBarrierError, RuntimeError, ValueError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, go, raises, raisesNow } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { Barrier } from './barrier.ts';
import { currentThread } from './thread.ts';

const fifo = { strategy: 'fifo' } as const;

/** Starts a thread that waits at `b` after `delay` and records `name:index@time` or the error. */
function arrive(b: Barrier, name: string, delay: number, log: string[], timeout?: number) {
  return go(function* () {
    yield* sleep(delay);
    try {
      const i = yield* b.wait(timeout);
      log.push(`${name}:${i}@${monotonic()}`);
    } catch (e) {
      log.push(`${name}:${describeError(e)}@${monotonic()}`);
    }
  }, name);
}

describe('Barrier', () => {
  it('[BAR-1] wait returns distinct indices; the last arrival gets parties-1 and runs the action first', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const b = new Barrier(3, { action: () => log.push(`action in ${currentThread().name}@${monotonic()}`) });
      const ts = [arrive(b, 'a', 0.1, log), arrive(b, 'b', 0.3, log), arrive(b, 'c', 0.2, log)];
      for (const t of ts) yield* t.join();
      return log;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['action in b@0.3', 'b:2@0.3', 'a:0@0.3', 'c:1@0.3']);
  });

  it('[BAR-1, BAR-2] under random schedules every trip hands out 0..parties-1 once and runs the action once', () => {
    for (let seed = 0; seed < 20; seed++) {
      const sim = simulate(
        function* () {
          const trips: number[][] = [[], [], []];
          let actions = 0;
          const b = new Barrier(4, { action: () => actions++ });
          const ts = [0, 1, 2, 3].map((i) =>
            go(function* () {
              for (let round = 0; round < 3; round++) {
                yield* sleep((i * round) % 3);
                (trips[round] as number[]).push(yield* b.wait());
              }
            }),
          );
          for (const t of ts) yield* t.join();
          return { trips: trips.map((r) => [...r].sort()), actions };
        },
        { strategy: 'random', seed },
      );
      expect(sim.verdict.kind).toBe('ok');
      expect(sim.result).toEqual({
        trips: [
          [0, 1, 2, 3],
          [0, 1, 2, 3],
          [0, 1, 2, 3],
        ],
        actions: 3,
      });
    }
  });

  it('[BAR-2] the barrier is cyclic: it trips again for the next group', () => {
    const sim = simulate(function* () {
      const b = new Barrier(2);
      let trips = 0;
      const worker = (delay: number) =>
        go(function* () {
          for (let round = 0; round < 3; round++) {
            yield* sleep(delay);
            if ((yield* b.wait()) === 1) trips++;
          }
        });
      const ts = [worker(0.1), worker(0.25)];
      for (const t of ts) yield* t.join();
      return [trips, monotonic(), b.nWaiting, b.broken];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([3, 0.75, 0, false]);
  });

  it('[BAR-3] a wait that times out breaks the barrier for every waiter, and for later waits', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const b = new Barrier(3);
      const ts = [arrive(b, 'patient', 0, log), arrive(b, 'hasty', 0.1, log, 0.5)];
      for (const t of ts) yield* t.join();
      const late = yield* raises(() => b.wait());
      return { log, broken: b.broken, late: describeError(late), isRuntime: late instanceof RuntimeError };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      log: ['hasty:BrokenBarrierError: @0.6', 'patient:BrokenBarrierError: @0.6'],
      broken: true,
      late: 'BrokenBarrierError: ',
      isRuntime: true,
    });
  });

  it('[BAR-4] reset() on a broken barrier with no waiters restores it', () => {
    const sim = simulate(function* () {
      const b = new Barrier(2);
      b.abort();
      const before = b.broken;
      b.reset();
      const after = b.broken;
      const log: string[] = [];
      const ts = [arrive(b, 'a', 0, log), arrive(b, 'b', 1, log)];
      for (const t of ts) yield* t.join();
      return { before, after, log };
    }, fifo);
    expect(sim.result).toEqual({ before: true, after: false, log: ['b:1@1', 'a:0@1'] });
  });

  it('[BAR-5] reset() while threads wait makes them raise BrokenBarrierError; then the barrier works', () => {
    const sim = simulate(function* () {
      const b = new Barrier(3);
      const log: string[] = [];
      const first = [arrive(b, 'a', 0, log), arrive(b, 'b', 0, log)];
      yield* sleep(1);
      const waiting = b.nWaiting;
      b.reset();
      for (const t of first) yield* t.join();
      const broken = b.broken;
      const second = [arrive(b, 'c', 0, log), arrive(b, 'd', 0, log), arrive(b, 'e', 0.5, log)];
      for (const t of second) yield* t.join();
      return { waiting, broken, log };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      waiting: 2,
      broken: false,
      log: ['a:BrokenBarrierError: @1', 'b:BrokenBarrierError: @1', 'e:2@1.5', 'c:0@1.5', 'd:1@1.5'],
    });
  });

  it('[BAR-6] abort() breaks the barrier for current and future waiters', () => {
    const sim = simulate(function* () {
      const b = new Barrier(2);
      const log: string[] = [];
      const t = arrive(b, 'a', 0, log);
      yield* sleep(0.5);
      b.abort();
      yield* t.join();
      arrive(b, 'late', 0.5, log);
      return [b.broken, log];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([true, ['a:BrokenBarrierError: @0.5', 'late:BrokenBarrierError: @1']]);
  });

  it('[BAR-7] a raising action: its thread gets that exception, the others BrokenBarrierError', () => {
    const sim = simulate(function* () {
      const b = new Barrier(3, {
        action: () => {
          throw new ValueError('bad action');
        },
      });
      const log: string[] = [];
      const ts = [arrive(b, 'a', 0, log), arrive(b, 'b', 0.1, log), arrive(b, 'last', 0.2, log)];
      for (const t of ts) yield* t.join();
      return { log, broken: b.broken };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      log: ['last:ValueError: bad action@0.2', 'a:BrokenBarrierError: @0.2', 'b:BrokenBarrierError: @0.2'],
      broken: true,
    });
  });

  it('[BAR-8] parties is not validated: Barrier(0).wait(t) raises after t; Barrier(1) returns 0 at once', () => {
    const sim = simulate(function* () {
      const zero = new Barrier(0);
      const neg = new Barrier(-1);
      const e = yield* raises(() => zero.wait(0.2));
      const t = monotonic();
      const one = yield* new Barrier(1).wait();
      return [zero.parties, neg.parties, describeError(e), t, one, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([0, -1, 'BrokenBarrierError: ', 0.2, 0, 0.2]);
  });

  it("[BAR-8] wait() without a timeout uses the constructor's", () => {
    const sim = simulate(function* () {
      const b = new Barrier(2, { timeout: 0.7 });
      const e = yield* raises(() => b.wait());
      return [e instanceof BrokenBarrierError, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([true, 0.7]);
  });

  it('[BAR-1] an action that blocks is driven with yield* before anyone is released', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const b = new Barrier(2, {
        action: function* () {
          yield* sleep(1);
          log.push(`action done@${monotonic()}`);
        },
      });
      const ts = [arrive(b, 'a', 0, log), arrive(b, 'b', 0, log)];
      yield* sleep(0.5);
      const misuse = raisesNow(() => b.reset());
      for (const t of ts) yield* t.join();
      return { log, misuse: describeError(misuse) };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      log: ['action done@1', 'b:1@1', 'a:0@1'],
      misuse: "UsageError: Barrier.reset() would block: Barrier-1's lock is held while its action runs",
    });
  });
});
