import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, raises, raisesNow } from '../testing.ts';
import { monotonic } from '../time.ts';
import { AsyncResult, Event } from './event.ts';
import { type Greenlet, GreenletExit, joinall, spawn, wait } from './greenlet.ts';
import { sleep } from './hub.ts';
import { BoundedSemaphore, Semaphore } from './lock.ts';
import { Group, Pool, PoolFull } from './pool.ts';
import { Timeout } from './timeout.ts';

const fifo = { strategy: 'fifo' } as const;

describe('gevent.pool.Pool', () => {
  it('[GPL-1] Pool(-1) is a ValueError; Pool(0) is always full; Pool(null) is unbounded', () => {
    const sim = simulate(function* () {
      yield* sleep(0);
      const zero = new Pool(0);
      const unbounded = new Pool();
      return [
        describeError(raisesNow(() => new Pool(-1))),
        [zero.freeCount(), zero.full()],
        [unbounded.freeCount(), unbounded.full(), unbounded.size],
      ];
    }, fifo);
    expect(sim.result).toEqual(['ValueError: size must not be negative: -1', [0, true], [1, false, null]]);
  });

  it('[GPL-1] spawning in Pool(0) blocks forever', () => {
    const sim = simulate(function* () {
      const p = new Pool(0);
      yield* p.spawn(() => 1);
    }, fifo);
    expect(sim.verdict.kind).toBe('deadlock');
  });

  it('[GPL-2] with n greenlets active in Pool(n), spawn blocks the caller until one finishes; never more than n run', () => {
    const sim = simulate(function* () {
      const p = new Pool(2);
      const log: string[] = [];
      let running = 0;
      let peak = 0;
      const job = function* (name: string, t: number) {
        running++;
        peak = Math.max(peak, running);
        yield* sleep(t);
        running--;
        return name;
      };
      for (const [name, t] of [
        ['a', 1],
        ['b', 2],
        ['c', 1],
        ['d', 1],
      ] as const) {
        yield* p.spawn(job, name, t);
        log.push(`spawned ${name}@${monotonic()}, free ${p.freeCount()}`);
      }
      const emptied = yield* p.join();
      log.push(`joined ${emptied}@${monotonic()}`);
      return { log, peak };
    }, fifo);
    expect(sim.result).toEqual({
      log: [
        'spawned a@0, free 1',
        'spawned b@0, free 0',
        'spawned c@1, free 0',
        'spawned d@2, free 0',
        'joined true@3',
      ],
      peak: 2,
    });
  });

  it('[GPL-2] join(timeout) returns false if the pool did not empty in time', () => {
    const sim = simulate(function* () {
      const p = new Pool(3);
      yield* p.spawn(function* () {
        yield* sleep(5);
      });
      const early = yield* p.join(1);
      const at = monotonic();
      const late = yield* p.join();
      return [early, at, late, monotonic(), p.length];
    }, fifo);
    expect(sim.result).toEqual([false, 1, true, 5, 0]);
  });

  it('[GPL-2] add(blocking=false) on a full pool raises PoolFull', () => {
    const sim = simulate(function* () {
      const p = new Pool(1);
      yield* p.spawn(() => sleep(1));
      const g = spawn(() => 1);
      const e = yield* raises(() => p.add(g, false));
      const timed = yield* raises(() => p.add(g, true, 0.5));
      return [e instanceof PoolFull, timed instanceof PoolFull, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([true, true, 0.5]);
  });

  it('[GPL-3] map keeps the input order; imapUnordered gives completion order', () => {
    const sim = simulate(function* () {
      const p = new Pool(3);
      const job = function* (t: number) {
        yield* sleep(t);
        return t * 10;
      };
      const ordered = yield* p.map(job, [0.3, 0.1, 0.2]);
      const t1 = monotonic();
      const unordered = yield* p.imapUnordered(job, [0.3, 0.1, 0.2]);
      return [ordered, t1, unordered, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([[3, 1, 2], 0.3, [1, 2, 3], 0.6]);
  });

  it('[GPL-3] map on Pool(1) runs one at a time', () => {
    const sim = simulate(function* () {
      const p = new Pool(1);
      const r = yield* p.map(
        function* (x: number) {
          yield* sleep(1);
          return x * x;
        },
        [1, 2, 3],
      );
      return [r, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([[1, 4, 9], 3]);
  });

  it('[GPL-4] applyAsync on a full pool returns at once, but the function waits for a slot; waitAvailable(t) gives 0 if still full', () => {
    const sim = simulate(function* () {
      const p = new Pool(1);
      const log: string[] = [];
      yield* p.spawn(function* () {
        yield* sleep(2);
      });
      const g = p.applyAsync(
        (x: number) => {
          log.push(`applied@${monotonic()}`);
          return x + 1;
        },
        [1],
        (r) => log.push(`callback ${r}@${monotonic()}`),
      );
      log.push(`applyAsync returned@${monotonic()}, in pool ${p.has(g)}`);
      const free = yield* p.waitAvailable(0.5);
      log.push(`waitAvailable ${free}@${monotonic()}`);
      const v = yield* g.get();
      yield* sleep(0);
      log.push(`got ${v}`);
      return log;
    }, fifo);
    expect(sim.result).toEqual([
      'applyAsync returned@0, in pool false',
      'waitAvailable 0@0.5',
      'applied@2',
      'callback 2@2',
      'got 2',
    ]);
  });

  it('[GPL-4] apply runs the function in the pool and returns its result, re-raising its exception', () => {
    const sim = simulate(function* () {
      const p = new Pool(2);
      const v = yield* p.apply((a: number, b: number) => a * b, [6, 7]);
      const e = yield* raises(() =>
        p.apply(() => {
          throw new ValueError('bad');
        }),
      );
      return [v, describeError(e)];
    }, fifo);
    expect(sim.result).toEqual([42, 'ValueError: bad']);
  });

  it('[GPL-5] kill() kills every member, after which the pool is empty', () => {
    const sim = simulate(function* () {
      const p = new Pool(5);
      const gs: Greenlet[] = [];
      for (let i = 0; i < 3; i++) {
        gs.push(
          yield* p.spawn(function* () {
            yield* sleep(10);
          }),
        );
      }
      yield* sleep(1);
      yield* p.kill();
      return [p.length, monotonic(), gs.map((g) => g.value instanceof GreenletExit)];
    }, fifo);
    expect(sim.result).toEqual([0, 1, [true, true, true]]);
  });

  it('a Group tracks without bounding; killone kills one member', () => {
    const sim = simulate(function* () {
      const g = new Group();
      const a = yield* g.spawn(() => sleep(5));
      yield* g.spawn(() => sleep(1));
      const full = g.full();
      yield* sleep(0); // let them start: killing one that never ran ends it at once, unlinked yet
      yield* g.killone(a);
      const left = g.length;
      yield* g.join();
      return [full, left, g.length, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([false, 1, 0, 1]);
  });
});

describe('gevent.lock.Semaphore', () => {
  it('serves waiters first come first served and hands a released unit to the first', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(1);
      const log: string[] = [];
      const gs = ['a', 'b', 'c'].map((name) =>
        spawn(function* () {
          yield* s.with(function* () {
            log.push(`${name} in@${monotonic()}`);
            yield* sleep(1);
          });
        }),
      );
      yield* joinall(gs);
      return log;
    }, fifo);
    expect(sim.result).toEqual(['a in@0', 'b in@1', 'c in@2']);
  });

  it('acquire(false) and acquire with a timeout return false; a waiter killed after the hand-off passes the unit on', () => {
    const sim = simulate(function* () {
      const s = new Semaphore(0);
      const polled = yield* s.acquire(false);
      const timed = yield* s.acquire(true, 0.5);
      const log: string[] = [];
      const first = spawn(function* () {
        yield* s.acquire();
        log.push('first got it (not reached)');
      });
      const second = spawn(function* () {
        yield* s.acquire();
        log.push(`second got it@${monotonic()}`);
      });
      yield* sleep(1);
      yield* first.kill({ block: false }); // the kill reaches the hub first...
      s.release(); // ...then the unit is handed to `first`, which dies with it and passes it on
      yield* joinall([first, second]);
      return [polled, timed, log, s.counter];
    }, fifo);
    expect(sim.result).toEqual([false, false, ['second got it@1.5'], 0]);
  });

  it('BoundedSemaphore refuses to go above its initial value', () => {
    const sim = simulate(function* () {
      yield* sleep(0);
      const s = new BoundedSemaphore(1);
      return describeError(raisesNow(() => s.release()));
    }, fifo);
    expect(sim.result).toBe('ValueError: Semaphore released too many times');
  });
});

describe('gevent.event', () => {
  it('Event.set wakes every waiter from the hub; wait returns true even if cleared before they ran', () => {
    const sim = simulate(function* () {
      const e = new Event();
      const log: string[] = [];
      const gs = ['a', 'b'].map((name) =>
        spawn(function* () {
          const r = yield* e.wait();
          log.push(`${name} woke ${r}@${monotonic()}, set ${e.isSet()}`);
        }),
      );
      yield* sleep(1);
      e.set();
      e.clear();
      yield* joinall(gs);
      const timed = yield* e.wait(0.5);
      return [log, timed, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([['a woke true@1, set false', 'b woke true@1, set false'], false, 1.5]);
  });

  it('AsyncResult: get waits for set, re-raises setException, raises Timeout on timeout; works with wait()', () => {
    const sim = simulate(function* () {
      const r = new AsyncResult<number>();
      const bad = new AsyncResult<number>();
      spawn(function* () {
        yield* sleep(1);
        r.set(42);
        bad.setException(new ValueError('nope'));
      });
      const early = yield* raises(() => r.get(true, 0.5));
      const nowait = raisesNow(() => r.getNowait());
      const ready = yield* wait([r, bad]);
      const v = yield* r.get();
      const e = yield* raises(() => bad.get());
      return [
        early instanceof Timeout,
        nowait instanceof Timeout,
        ready.length,
        v,
        describeError(e),
        r.successful(),
        bad.successful(),
        bad.value,
        monotonic(),
      ];
    }, fifo);
    expect(sim.result).toEqual([true, true, 2, 42, 'ValueError: nope', true, false, null, 1]);
  });
});
