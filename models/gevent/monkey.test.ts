import { describe, expect, it } from 'vitest';
import { preempt } from '../../engine/index.ts';
import { simulate } from '../simulate.ts';
import { describeError, go } from '../testing.ts';
import { Lock } from '../threading/lock.ts';
import { currentThread, Thread } from '../threading/thread.ts';
import { compute, monotonic, sleep as timeSleep } from '../time.ts';
import { joinall, spawn } from './greenlet.ts';
import { getcurrent, getHub, RawGreenlet, sleep } from './hub.ts';
import { isPatched, patchAll } from './monkey.ts';
import { Timeout } from './timeout.ts';

const fifo = { strategy: 'fifo' } as const;

/** Three threads that each sleep 1 s twice; returns the end time and how they interleaved. */
function* threeSleepers(patch: boolean) {
  if (patch) patchAll();
  const log: string[] = [];
  const threads = ['t1', 't2', 't3'].map(
    (name) =>
      new Thread({
        name,
        target: function* () {
          for (let i = 0; i < 2; i++) {
            yield* timeSleep(1);
            log.push(`${currentThread().name}@${monotonic()}`);
          }
        },
      }),
  );
  for (const t of threads) yield* t.start();
  for (const t of threads) yield* t.join();
  const green = threads.map((t) => t.fiber?.baton?.label ?? 'OS thread');
  return { end: monotonic(), log, green, patched: isPatched() };
}

describe('monkey.patchAll()', () => {
  it('[GMP-1] patched, threads run as greenlets of one hub, interleave at each time.sleep, and take the longest time, not the sum', () => {
    const sim = simulate(() => threeSleepers(true), fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      end: 2,
      log: ['t1@1', 't2@1', 't3@1', 't1@2', 't2@2', 't3@2'],
      green: ['Hub-1', 'Hub-1', 'Hub-1'],
      patched: true,
    });
  });

  it('[GMP-1] unpatched, the same threads are OS threads (they also overlap while sleeping)', () => {
    const sim = simulate(() => threeSleepers(false), fifo);
    expect(sim.result).toMatchObject({ end: 2, green: ['OS thread', 'OS thread', 'OS thread'], patched: false });
  });

  it('[GMP-1] patched threads switch only where they block: a read-modify-write never loses an update, under any schedule', () => {
    const lost = (patch: boolean) => {
      let losses = 0;
      for (let seed = 0; seed < 30; seed++) {
        const sim = simulate(
          function* () {
            if (patch) patchAll();
            let counter = 0;
            const threads = Array.from({ length: 3 }, () =>
              go(function* () {
                for (let i = 0; i < 5; i++) {
                  const read = counter;
                  yield* preempt(); // an OS thread may be preempted here; a greenlet is not
                  counter = read + 1;
                  yield* timeSleep(0.001);
                }
              }),
            );
            for (const t of threads) yield* t.join();
            return counter;
          },
          { strategy: 'random', seed },
        );
        if (sim.result !== 15) losses++;
      }
      return losses;
    };
    expect(lost(true)).toBe(0);
    expect(lost(false)).toBeGreaterThan(0);
  });

  it('[GEV-3] unpatched, a greenlet blocked on a threading.Lock that another greenlet holds stalls the hub for good; patched, it waits its turn', () => {
    const run = (patch: boolean) =>
      simulate(function* () {
        if (patch) patchAll();
        const lock = new Lock({ name: 'shared' });
        const log: string[] = [];
        const holder = spawn(function* () {
          yield* lock.acquire();
          yield* sleep(1); // gevent's sleep: yields to the hub while holding the lock
          lock.release();
          log.push(`holder released@${monotonic()}`);
        });
        const waiter = spawn(function* () {
          yield* lock.acquire();
          log.push(`waiter acquired@${monotonic()}`);
          lock.release();
        });
        yield* joinall([holder, waiter]);
        return log;
      }, fifo);
    const patched = run(true);
    expect(patched.result).toEqual(['holder released@1', 'waiter acquired@1']);
    const unpatched = run(false);
    expect(unpatched.verdict.kind).toBe('deadlock');
    if (unpatched.verdict.kind !== 'deadlock') return;
    expect(unpatched.verdict.blocked).toContainEqual({
      thread: 'Greenlet-2',
      waitsOn: 'shared',
      heldBy: ['Greenlet-1'],
    });
    expect(unpatched.verdict.blocked).toContainEqual({
      thread: 'Greenlet-1',
      waitsOn: 'Hub-1',
      heldBy: ['Greenlet-2'],
    });
    expect(unpatched.verdict.cycle).toEqual(['Greenlet-1', 'Greenlet-2']);
  });

  it('a Timeout that lands in a patched Lock waiter just woken by a release passes the wake-up on', () => {
    const sim = simulate(function* () {
      patchAll();
      const lock = new Lock();
      const log: string[] = [];
      const holder = spawn(function* () {
        yield* lock.acquire();
        yield* sleep(1);
        yield* compute(0.5); // the waiter's deadline passes meanwhile: the hub queues behind
        lock.release(); // wakes `first`, which the hub then interrupts before it runs
      });
      const first = spawn(function* () {
        try {
          yield* new Timeout(1.2).with(() => lock.acquire());
        } catch (e) {
          log.push(`first: ${describeError(e)}@${monotonic()}`);
        }
      });
      const second = spawn(function* () {
        yield* lock.acquire();
        log.push(`second acquired@${monotonic()}`);
        lock.release();
      });
      yield* joinall([holder, first, second]);
      return log;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['first: Timeout: 1.2 seconds@1.5', 'second acquired@1.5']);
  });

  it('a patched thread is a greenlet: getcurrent() names it; start() yields to the hub, which runs it until it blocks', () => {
    // gevent's start_new_thread only schedules the greenlet; start() then waits on the
    // (patched) _started Event, so the hub runs the new greenlet, which sets it and runs on.
    const sim = simulate(function* () {
      patchAll();
      const log: string[] = [];
      const t = new Thread({
        name: 'worker',
        target: () => {
          const g = getcurrent();
          log.push(`ran in ${g.name}, raw ${g instanceof RawGreenlet}, thread ${currentThread().name}`);
        },
      });
      yield* t.start();
      log.push(`started, alive ${t.isAlive()}`);
      yield* t.join();
      return log;
    }, fifo);
    expect(sim.result).toEqual(['ran in worker, raw true, thread worker', 'started, alive false']);
  });
});

describe('Hubs per OS thread', () => {
  it('each thread that uses gevent gets its own hub; the threads run in parallel, each hub one greenlet at a time', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const worker = (name: string) =>
        go(function* () {
          const gs = [1, 2].map((i) =>
            spawn(function* () {
              yield* sleep(i);
              log.push(`${name}.${i} in ${getHub().label}@${monotonic()}`);
            }),
          );
          yield* joinall(gs);
        }, name);
      const a = worker('A');
      const b = worker('B');
      yield* a.join();
      yield* b.join();
      return [log, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([['A.1 in Hub-1@1', 'B.1 in Hub-2@1', 'A.2 in Hub-1@2', 'B.2 in Hub-2@2'], 2]);
  });

  it("when a thread ends, its hub's greenlets are abandoned where they stand", () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      let g: ReturnType<typeof spawn> | null = null;
      const t = go(function* () {
        g = spawn(function* () {
          try {
            yield* sleep(1);
            log.push('woke (not reached)');
          } finally {
            log.push('finally (not reached)');
          }
        });
        yield* sleep(0.5);
      }, 'short-lived');
      yield* t.join();
      yield* timeSleep(2);
      return [log, (g as unknown as { dead: boolean }).dead, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([[], true, 2.5]);
  });
});
