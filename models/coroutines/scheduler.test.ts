import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { ValueError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, go, raises, raisesNow } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { type Coroutine, coroutine } from './coroutine.ts';
import { Compute, GetTid, KillTask, NewTask, Scheduler, Sleep, WaitTask } from './scheduler.ts';

const fifo = { strategy: 'fifo' } as const;

describe('Scheduler', () => {
  it('runs tasks round-robin, one step per turn, in no virtual time', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const s = new Scheduler();
      const counter = (name: string, n: number) =>
        (function* () {
          for (let i = 0; i < n; i++) {
            log.push(`${name}${i}`);
            yield;
          }
        })();
      s.spawn(counter('a', 3));
      s.spawn(counter('b', 2));
      yield* s.run();
      return { log, at: monotonic(), left: s.taskCount };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({ log: ['a0', 'b0', 'a1', 'b1', 'a2'], at: 0, left: 0 });
  });

  it('answers system calls: GetTid, NewTask, WaitTask (false for no such task), KillTask closes the task', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const s = new Scheduler();
      function* forever(): Blocking {
        const tid = yield new GetTid();
        try {
          for (;;) {
            log.push(`forever ${tid} tick`);
            yield;
          }
        } finally {
          log.push(`forever ${tid} closed`);
        }
      }
      function* short(): Blocking {
        log.push('short runs');
        yield;
      }
      s.spawn(
        (function* (): Blocking {
          const me = yield new GetTid();
          const child = (yield new NewTask(forever())) as number;
          const other = (yield new NewTask(short())) as number;
          log.push(`main ${me} started ${child}, ${other}`);
          log.push(`waited ${yield new WaitTask(other)}`);
          log.push(`killed ${yield new KillTask(child)}`);
          log.push(`again ${yield new KillTask(child)}, wait ${yield new WaitTask(child)}`);
        })(),
      );
      yield* s.run();
      return log;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      'forever 2 tick',
      'short runs',
      'main 1 started 2, 3',
      'forever 2 tick',
      'forever 2 tick',
      'waited true',
      'forever 2 closed',
      'killed true',
      'again false, wait false',
    ]);
  });

  it('Sleep parks a task in virtual time while the others run; the thread sleeps when no task is ready', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const s = new Scheduler();
      const sleeper = (name: string, seconds: number, times: number) =>
        (function* () {
          for (let i = 0; i < times; i++) {
            yield new Sleep(seconds);
            log.push(`${name}@${monotonic()}`);
          }
        })();
      s.spawn(sleeper('slow', 1, 2));
      s.spawn(sleeper('fast', 0.25, 3));
      s.spawn(sleeper('tie', 0.5, 1));
      yield* s.run();
      return { log, at: monotonic() };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      // Deadlines that tie wake in the order they were asked for.
      log: ['fast@0.25', 'tie@0.5', 'fast@0.5', 'fast@0.75', 'slow@1', 'slow@2'],
      at: 2,
    });
  });

  it('Sleep(0) gives the others a turn and takes no time', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const s = new Scheduler();
      s.spawn(
        (function* () {
          log.push('a1');
          yield new Sleep(0);
          log.push('a2');
        })(),
      );
      s.spawn(
        (function* () {
          log.push('b1');
          yield;
          log.push('b2');
        })(),
      );
      yield* s.run();
      return [log, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([['a1', 'b1', 'a2', 'b2'], 0]);
  });

  it("Compute burns CPU on the scheduler's thread: every task waits for it", () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const s = new Scheduler();
      s.spawn(
        (function* () {
          yield new Compute(0.5);
          log.push(`cpu done@${monotonic()}`);
        })(),
      );
      s.spawn(
        (function* () {
          log.push(`other@${monotonic()}`);
          yield new Sleep(0.1);
          log.push(`other woke@${monotonic()}`);
        })(),
      );
      yield* s.run();
      return log;
    }, fifo);
    // The computation runs as soon as it is asked for: the other task's first step waits.
    expect(sim.result).toEqual(['other@0.5', 'cpu done@0.5', 'other woke@0.6']);
  });

  it('other threads run while the scheduler sleeps; a spawn from another thread wakes an idle scheduler', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const s = new Scheduler({ name: 'loop' });
      s.spawn(
        (function* () {
          yield new Sleep(2);
          log.push(`sleeper@${monotonic()}`);
        })(),
      );
      go(function* () {
        yield* sleep(0.5);
        log.push(`thread@${monotonic()}`);
        s.spawn(
          (function* () {
            log.push(`late task@${monotonic()}`);
            yield;
          })(),
        );
      });
      yield* s.run();
      return log;
    }, fifo);
    expect(sim.result).toEqual(['thread@0.5', 'late task@0.5', 'sleeper@2']);
  });

  it('a producer/consumer pipeline of coroutines: values pass through in order', () => {
    const sim = simulate(function* () {
      const out: string[] = [];
      const sink = coroutine(function* (): Generator<undefined, never, number | undefined> {
        for (;;) out.push(`${yield}@${monotonic()}`);
      })();
      const square = coroutine(function* (target: Coroutine<undefined, number>) {
        for (;;) {
          const x = (yield) as number;
          target.send(x * x);
        }
      })(sink);
      const s = new Scheduler();
      s.spawn(
        (function* () {
          for (let i = 1; i <= 3; i++) {
            yield new Sleep(0.1);
            square.send(i);
          }
          square.close();
        })(),
      );
      yield* s.run();
      return out;
    }, fifo);
    expect(sim.result).toEqual(['1@0.1', '4@0.2', '9@0.3']);
  });

  it("a task's exception propagates out of run(); the other tasks stay and run() goes on when called again", () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const s = new Scheduler();
      s.spawn(
        (function* () {
          yield;
          throw new ValueError('task failed');
        })(),
      );
      s.spawn(
        (function* () {
          yield;
          yield;
          log.push('survivor done');
        })(),
      );
      const e = yield* raises(() => s.run());
      log.push(describeError(e), `left ${s.taskCount}`);
      yield* s.run();
      return log;
    }, fifo);
    expect(sim.result).toEqual(['ValueError: task failed', 'left 1', 'survivor done']);
  });

  it('tasks that only wait for each other leave run() blocked: a deadlock on the scheduler', () => {
    const sim = simulate(function* () {
      const s = new Scheduler({ name: 'loop' });
      s.spawn(
        (function* () {
          yield new WaitTask(2);
        })(),
      );
      s.spawn(
        (function* () {
          yield new WaitTask(1);
        })(),
      );
      yield* s.run();
    }, fifo);
    expect(sim.verdict).toMatchObject({
      kind: 'deadlock',
      blocked: [{ thread: 'MainThread', waitsOn: 'loop', heldBy: [] }],
    });
  });

  it('argument errors: Sleep and Compute check their seconds; run() while running is a RuntimeError', () => {
    const sim = simulate(function* () {
      const s = new Scheduler();
      const errors = [
        raisesNow(() => new Sleep(-1)),
        raisesNow(() => new Sleep('1' as unknown as number)),
        raisesNow(() => new Compute(-1)),
      ].map(describeError);
      s.spawn(
        (function* () {
          errors.push(describeError(raisesNow(() => s.run())));
          yield;
        })(),
      );
      yield* s.run();
      return errors;
    }, fifo);
    expect(sim.result).toEqual([
      'ValueError: sleep length must be non-negative',
      "TypeError: 'str' object cannot be interpreted as an integer",
      'ValueError: compute time must be non-negative',
      'RuntimeError: Scheduler-1 is already running',
    ]);
  });
});
