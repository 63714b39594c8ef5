import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { RuntimeError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, eachOf, go, raises, raisesNow } from '../testing.ts';
import { Event } from '../threading/event.ts';
import { currentThread, enumerateThreads } from '../threading/thread.ts';
import { monotonic, sleep } from '../time.ts';
import { BrokenExecutor, BrokenThreadPool } from './errors.ts';
import type { Future } from './future.ts';
import { futuresLog } from './log.ts';
import { ThreadPoolExecutor } from './thread-pool.ts';

const fifo = { strategy: 'fifo' } as const;

function* work<T>(seconds: number, value: T): Blocking<T> {
  yield* sleep(seconds);
  return value;
}

function here(): string {
  return `${currentThread().name}@${monotonic()}`;
}

/** A task that records where and when it ran. */
function recorder(log: string[]) {
  return function* (seconds: number, name: string): Blocking<string> {
    log.push(`${name} start ${here()}`);
    yield* sleep(seconds);
    return name;
  };
}

class SystemExit extends Error {
  override name = 'SystemExit';
}

describe('ThreadPoolExecutor', () => {
  it('[TPE-1] maxWorkers defaults to min(32, cores + 4)', () => {
    const counts = [1, 2, 4, 28, 64].map(
      (cores) =>
        simulate(
          function* () {
            yield* sleep(0);
            return new ThreadPoolExecutor().maxWorkers;
          },
          { ...fifo, cores },
        ).result,
    );
    expect(counts).toEqual([5, 6, 8, 32, 32]);
  });

  it('[TPE-1] maxWorkers <= 0 raises ValueError; its type is not checked, so 1.5 is accepted', () => {
    const sim = simulate(function* () {
      const errs = [0, -1].map((n) => describeError(raisesNow(() => new ThreadPoolExecutor(n))));
      errs.push(describeError(raisesNow(() => new ThreadPoolExecutor({ maxWorkers: 0 }))));
      errs.push(describeError(raisesNow(() => new ThreadPoolExecutor('4' as unknown as number))));
      // 1.5 workers: the pool starts threads while len(_threads) < 1.5, so two.
      const ex = new ThreadPoolExecutor(1.5);
      for (let i = 0; i < 3; i++) yield* ex.submit(work, 1, i);
      return [errs, ex.maxWorkers, ex.threads.map((t) => t.name)];
    }, fifo);
    expect(sim.result).toEqual([
      [
        'ValueError: max_workers must be greater than 0',
        'ValueError: max_workers must be greater than 0',
        'ValueError: max_workers must be greater than 0',
        "TypeError: '<=' not supported between instances of 'str' and 'int'",
      ],
      1.5,
      ['ThreadPoolExecutor-0_0', 'ThreadPoolExecutor-0_1'],
    ]);
  });

  it('[TPE-1] a non-callable initializer raises TypeError', () => {
    const sim = simulate(function* () {
      return describeError(raisesNow(() => new ThreadPoolExecutor(2, { initializer: 5 as unknown as () => void })));
    }, fifo);
    expect(sim.result).toBe('TypeError: initializer must be a callable');
  });

  it('[TPE-2] no thread exists after construction; submit → result → submit reuses one worker', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(4);
      const out: unknown[] = [ex.threads.length, enumerateThreads().length];
      for (let i = 0; i < 3; i++) {
        out.push(yield* (yield* ex.submit(() => here())).result());
        yield* sleep(0.01);
      }
      out.push(ex.threads.length);
      // Back to back, with no sleep: the worker counts itself idle before result() returns.
      for (let i = 0; i < 3; i++) out.push(yield* (yield* ex.submit(() => currentThread().name)).result());
      out.push(ex.threads.length);
      return out;
    }, fifo);
    expect(sim.result).toEqual([
      0,
      1,
      'ThreadPoolExecutor-0_0@0',
      'ThreadPoolExecutor-0_0@0.01',
      'ThreadPoolExecutor-0_0@0.02',
      1,
      'ThreadPoolExecutor-0_0',
      'ThreadPoolExecutor-0_0',
      'ThreadPoolExecutor-0_0',
      1,
    ]);
  });

  it('[TPE-2] a submit while every worker is busy starts a new one, up to maxWorkers', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(3);
      const sizes: number[] = [];
      for (let i = 0; i < 5; i++) {
        yield* ex.submit(work, 1, i);
        sizes.push(ex.threads.length);
      }
      yield* sleep(2);
      // Three idle workers now: the next three submits start none.
      for (let i = 0; i < 3; i++) yield* ex.submit(work, 1, i);
      sizes.push(ex.threads.length);
      return sizes;
    }, fifo);
    expect(sim.result).toEqual([1, 2, 3, 3, 3, 3]);
  });

  it('[TPE-3] k workers for n > k blocking tasks, named prefix_i; tasks beyond k stay pending', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(3);
      const fs = yield* eachOf(['a', 'b', 'c', 'd', 'e'], (n) => ex.submit(recorder(log), 1, n));
      yield* sleep(0.5);
      const running = fs.map((f) => f.running());
      const names = ex.threads.map((t) => t.name);
      const second = new ThreadPoolExecutor(1);
      const named = new ThreadPoolExecutor(1, { threadNamePrefix: 'web' });
      const third = new ThreadPoolExecutor(1);
      const more = yield* eachOf([second, named, third], (p) => p.submit(() => currentThread().name));
      const moreNames: string[] = [];
      for (const f of more) moreNames.push(yield* f.result());
      for (const f of fs) yield* f.result();
      return { running, names, moreNames, labels: [second.label, named.label, third.label], log };
    }, fifo);
    expect(sim.result).toEqual({
      running: [true, true, true, false, false],
      names: ['ThreadPoolExecutor-0_0', 'ThreadPoolExecutor-0_1', 'ThreadPoolExecutor-0_2'],
      // A prefix given does not take a number from the counter.
      moreNames: ['ThreadPoolExecutor-1_0', 'web_0', 'ThreadPoolExecutor-2_0'],
      labels: ['ThreadPoolExecutor-1', 'web', 'ThreadPoolExecutor-2'],
      log: [
        'a start ThreadPoolExecutor-0_0@0',
        'b start ThreadPoolExecutor-0_1@0',
        'c start ThreadPoolExecutor-0_2@0',
        'd start ThreadPoolExecutor-0_0@1',
        'e start ThreadPoolExecutor-0_1@1',
      ],
    });
  });

  it('[TPE-4] with one worker, tasks run in submission order', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(1);
      const fs = yield* eachOf([3, 1, 2, 1], (s, i) => ex.submit(recorder(log), s, `t${i}`));
      const results: string[] = [];
      for (const f of fs) results.push(yield* f.result());
      return { log, results, t: monotonic() };
    }, fifo);
    expect(sim.result).toEqual({
      log: [
        't0 start ThreadPoolExecutor-0_0@0',
        't1 start ThreadPoolExecutor-0_0@3',
        't2 start ThreadPoolExecutor-0_0@4',
        't3 start ThreadPoolExecutor-0_0@6',
      ],
      results: ['t0', 't1', 't2', 't3'],
      t: 7,
    });
  });

  it('[TPE-5] submit after shutdown raises RuntimeError, whatever wait was; shutdown is idempotent', () => {
    const sim = simulate(function* () {
      const a = new ThreadPoolExecutor(2);
      yield* a.submit(work, 1, 'x');
      yield* a.shutdown();
      const afterWait = yield* raises(() => a.submit(work, 1, 'y'));
      yield* a.shutdown();
      yield* a.shutdown({ wait: false });
      const b = new ThreadPoolExecutor(2);
      yield* b.shutdown({ wait: false });
      const afterNoWait = yield* raises(() => b.submit(work, 1, 'z'));
      return [describeError(afterWait), describeError(afterNoWait), afterWait instanceof RuntimeError, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      'RuntimeError: cannot schedule new futures after shutdown',
      'RuntimeError: cannot schedule new futures after shutdown',
      true,
      1,
    ]);
  });

  it('[TPE-6] shutdown({ wait: false }) returns at once, and every queued task still runs', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(1);
      const fs = yield* eachOf([1, 1, 1], (s, i) => ex.submit(recorder(log), s, `t${i}`));
      yield* ex.shutdown({ wait: false });
      const returnedAt = monotonic();
      const results: string[] = [];
      for (const f of fs) results.push(yield* f.result());
      yield* sleep(1);
      return { returnedAt, results, cancelled: fs.map((f) => f.cancelled()), log, alive: ex.threads[0]?.isAlive() };
    }, fifo);
    expect(sim.result).toEqual({
      returnedAt: 0,
      results: ['t0', 't1', 't2'],
      cancelled: [false, false, false],
      log: [
        't0 start ThreadPoolExecutor-0_0@0',
        't1 start ThreadPoolExecutor-0_0@1',
        't2 start ThreadPoolExecutor-0_0@2',
      ],
      alive: false,
    });
  });

  it('[TPE-6] the main thread waits for queued work at exit (_python_exit), with no shutdown() at all', () => {
    const log: string[] = [];
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      for (let i = 0; i < 5; i++) yield* ex.submit(recorder(log), 2, `t${i}`);
      yield* sleep(1);
      return 'main done';
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toBe('main done');
    expect(sim.time).toBe(6_000_000);
    expect(log).toEqual([
      't0 start ThreadPoolExecutor-0_0@0',
      't1 start ThreadPoolExecutor-0_1@0',
      't2 start ThreadPoolExecutor-0_0@2',
      't3 start ThreadPoolExecutor-0_1@2',
      't4 start ThreadPoolExecutor-0_0@4',
    ]);
  });

  it('[TPE-6] once the main thread has ended, submit raises the interpreter-shutdown RuntimeError', () => {
    const out: string[] = [];
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      yield* ex.submit(work, 2, 'early');
      go(function* () {
        yield* sleep(1);
        out.push(describeError(yield* raises(() => ex.submit(work, 1, 'late'))));
        out.push(describeError(yield* raises(() => new ThreadPoolExecutor(1).submit(work, 1, 'new pool'))));
        // A worker that took the None wake-up marked its pool shut: that check comes first.
        yield* sleep(2);
        out.push(describeError(yield* raises(() => ex.submit(work, 1, 'later'))));
      }, 'straggler');
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(out).toEqual([
      'RuntimeError: cannot schedule new futures after interpreter shutdown',
      'RuntimeError: cannot schedule new futures after interpreter shutdown',
      'RuntimeError: cannot schedule new futures after shutdown',
    ]);
    expect(sim.time).toBe(3_000_000);
  });

  it('[TPE-6] a task that never ends keeps the run alive: a deadlock verdict where CPython hangs at exit', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      yield* new ThreadPoolExecutor(1).submit(work, 1, 'done'); // its worker exits at the end
      yield* ex.submit(function* () {
        yield* new Event().wait();
      });
      yield* sleep(1);
    }, fifo);
    expect(sim.verdict.kind).toBe('deadlock');
    if (sim.verdict.kind !== 'deadlock') return;
    expect(sim.verdict.blocked.map((b) => b.thread)).toEqual(['MainThread', 'ThreadPoolExecutor-0_0']);
  });

  it('[TPE-7] shutdown({ cancelFutures: true }) cancels the queued futures, with callbacks in the calling thread', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(1);
      const fs = yield* eachOf([2, 1, 1], (s, i) => ex.submit(recorder(log), s, `t${i}`));
      for (const f of fs) yield* f.addDoneCallback((g) => log.push(`callback ${g.label} ${g.state} ${here()}`));
      yield* sleep(1);
      const closer = go(function* () {
        yield* ex.shutdown({ cancelFutures: true });
        log.push(`shutdown returned ${here()}`);
      }, 'closer');
      yield* closer.join();
      return { log, states: fs.map((f) => f.state), first: yield* (fs[0] as Future<string>).result() };
    }, fifo);
    expect(sim.result).toEqual({
      log: [
        't0 start ThreadPoolExecutor-0_0@0',
        'callback Future-2 CANCELLED closer@1',
        'callback Future-3 CANCELLED closer@1',
        'callback Future-1 FINISHED ThreadPoolExecutor-0_0@2',
        'shutdown returned closer@2',
      ],
      states: ['FINISHED', 'CANCELLED', 'CANCELLED'],
      first: 't0',
    });
  });

  it('[TPE-2] [THR-7] submit() waits for a new worker to begin: the task may finish before submit returns', () => {
    // So a callback added right after submit may run in the adding thread [FUT-5], as in CPython.
    const where = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const sim = simulate(
        function* () {
          const ex = new ThreadPoolExecutor(1);
          const f = yield* ex.submit(() => 1);
          let ran = '';
          yield* f.addDoneCallback(() => {
            ran = currentThread().name;
          });
          yield* ex.shutdown();
          return ran;
        },
        { strategy: 'random', seed },
      );
      where.add(sim.result as string);
    }
    expect([...where].sort()).toEqual(['MainThread', 'ThreadPoolExecutor-0_0']);
  });

  it('[TPE-7] a callback calling submit() inside shutdown({ cancelFutures }) self-deadlocks on _shutdown_lock', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      yield* ex.submit(work, 1, 'busy');
      const f = yield* ex.submit(work, 1, 'queued');
      yield* f.addDoneCallback(() => ex.submit(work, 1, 'retry'));
      yield* ex.shutdown({ cancelFutures: true });
    }, fifo);
    // The callback blocks on _shutdown_lock, which its own thread holds; the verdict comes
    // once the busy worker has finished and waits for work.
    expect(sim.verdict).toMatchObject({
      kind: 'deadlock',
      time: 1_000_000,
      cycle: ['MainThread'],
      blocked: [
        { thread: 'MainThread', waitsOn: 'ThreadPoolExecutor-0._shutdown_lock', heldBy: ['MainThread'] },
        { thread: 'ThreadPoolExecutor-0_0', waitsOn: 'ThreadPoolExecutor-0._work_queue', heldBy: [] },
      ],
    });
  });

  it('[TPE-8] with() calls shutdown({ wait: true }) after the body, and lets its exception through', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const value = yield* new ThreadPoolExecutor(2).with(function* (ex) {
        yield* ex.submit(recorder(log), 3, 'slow');
        return (yield* (yield* ex.submit(work, 1, 'quick')).result()) as string;
      });
      log.push(`with returned ${value} @${monotonic()}`);
      let pool: ThreadPoolExecutor | null = null;
      const e = yield* raises(() =>
        new ThreadPoolExecutor(2).with(function* (ex) {
          pool = ex;
          yield* ex.submit(work, 2, 'x');
          yield* sleep(1);
          throw new RangeError('body failed');
        }),
      );
      log.push(`${describeError(e)} @${monotonic()}`);
      log.push(describeError(yield* raises(() => (pool as unknown as ThreadPoolExecutor).submit(work, 1, 'y'))));
      return log;
    }, fifo);
    expect(sim.result).toEqual([
      'slow start ThreadPoolExecutor-0_0@0',
      'with returned quick @3',
      'RangeError: body failed @5',
      'RuntimeError: cannot schedule new futures after shutdown',
    ]);
  });

  it('[TPE-9] whatever the task throws goes into its future, and the worker keeps serving', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(1);
      const exit = yield* ex.submit(() => {
        throw new SystemExit('bye');
      });
      const thrownString = yield* ex.submit(function* () {
        yield* sleep(1);
        throw 'a string';
      });
      const notCallable = yield* ex.submit(42 as unknown as () => number);
      const after = yield* ex.submit(() => currentThread().name);
      return [
        describeError(yield* exit.exception()),
        yield* thrownString.exception(),
        describeError(yield* raises(() => notCallable.result())),
        yield* after.result(),
        ex.threads.length,
        monotonic(),
      ];
    }, fifo);
    expect(sim.result).toEqual([
      'SystemExit: bye',
      'a string',
      "TypeError: 'int' object is not callable",
      'ThreadPoolExecutor-0_0',
      1,
      1,
    ]);
  });

  it('[TPE-9] an exception escaping a worker (set_result on a future already set) is logged and ends that worker', () => {
    const sim = simulate(function* () {
      const ex = new ThreadPoolExecutor(2);
      const box: { f: Future<number> | null } = { f: null };
      box.f = yield* ex.submit(function* () {
        yield* (box.f as Future<number>).setResult(5);
        return 7;
      });
      const r = yield* box.f.result();
      yield* sleep(1);
      const first = ex.threads[0];
      const next = yield* (yield* ex.submit(() => currentThread().name)).result();
      return [r, first?.isAlive(), next, futuresLog().map((x) => `${x.level} ${x.message} ${x.thread}`)];
    }, fifo);
    expect(sim.result).toEqual([
      5,
      false,
      'ThreadPoolExecutor-0_1',
      ['CRITICAL Exception in worker ThreadPoolExecutor-0_0'],
    ]);
  });

  it('initializer(...initargs) runs once in each worker before its first task, and may block', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(2, {
        *initializer(tag: string) {
          yield* sleep(0.5);
          log.push(`init ${tag} ${here()}`);
        },
        initargs: ['db'],
      });
      const fs = yield* eachOf([1, 1, 1], (s, i) => ex.submit(recorder(log), s, `t${i}`));
      for (const f of fs) yield* f.result();
      return log;
    }, fifo);
    expect(sim.result).toEqual([
      'init db ThreadPoolExecutor-0_0@0.5',
      't0 start ThreadPoolExecutor-0_0@0.5',
      'init db ThreadPoolExecutor-0_1@0.5',
      't1 start ThreadPoolExecutor-0_1@0.5',
      't2 start ThreadPoolExecutor-0_0@1.5',
    ]);
  });

  it('[TPE-10] a failing initializer is logged CRITICAL, breaks the pool, and fails the queued futures', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ex = new ThreadPoolExecutor(1, {
        *initializer() {
          yield* sleep(1);
          throw new RangeError('no database');
        },
      });
      const fs = yield* eachOf([0, 1], (i) => ex.submit(work, 1, i));
      for (const f of fs) yield* f.addDoneCallback((g) => log.push(`callback ${g.label} ${here()}`));
      const errs: unknown[] = [];
      for (const f of fs) errs.push(yield* f.exception());
      const later = yield* raises(() => ex.submit(work, 1, 2));
      return {
        log,
        errs: errs.map(describeError),
        kinds: [
          errs[0] instanceof BrokenThreadPool,
          errs[0] instanceof BrokenExecutor,
          errs[0] instanceof RuntimeError,
        ],
        later: describeError(later),
        records: futuresLog().map((r) => [r.level, r.message, r.thread, describeError(r.error)]),
        t: monotonic(),
      };
    }, fifo);
    const broken = 'BrokenThreadPool: A thread initializer failed, the thread pool is not usable anymore';
    expect(sim.result).toEqual({
      log: ['callback Future-1 ThreadPoolExecutor-0_0@1', 'callback Future-2 ThreadPoolExecutor-0_0@1'],
      errs: [broken, broken],
      kinds: [true, true, true],
      later: broken,
      records: [['CRITICAL', 'Exception in initializer:', 'ThreadPoolExecutor-0_0', 'RangeError: no database']],
      t: 1,
    });
  });

  it('records the pool in the trace: submit, worker start, idle, shutdown', () => {
    const kinds: string[] = [];
    simulate(
      function* () {
        const ex = new ThreadPoolExecutor(1, { name: 'pool' });
        yield* (yield* ex.submit(work, 1, 'x')).result();
        yield* ex.shutdown();
      },
      { ...fifo, listeners: [(r) => r.obj === 'pool' && kinds.push(r.kind)] },
    );
    expect(kinds).toEqual(['executor.submit', 'executor.worker', 'executor.idle', 'executor.shutdown']);
  });
});
