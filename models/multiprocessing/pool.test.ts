import { describe, expect, it } from 'vitest';
import { TimeoutError as BuiltinTimeoutError, ValueError } from '../errors.ts';
import { PicklingError, pickle } from '../pickle.ts';
import { simulate } from '../simulate.ts';
import { describeError, raises, raisesNow } from '../testing.ts';
import { Lock } from '../threading/lock.ts';
import { currentThread, printingExcepthook, setExcepthook } from '../threading/thread.ts';
import { compute, monotonic, sleep } from '../time.ts';
import { MaybeEncodingError, RemoteTraceback, TimeoutError } from './errors.ts';
import { type Connection, Pipe } from './pipe.ts';
import { type ApplyResult, Pool } from './pool.ts';
import { currentProcess, getpid, osExit, Process } from './process.ts';
import { Queue } from './queue.ts';
import { setStartMethod } from './start-method.ts';

const opts = { strategy: 'fifo', cores: 4 } as const;

function square(x: number): number {
  return x * x;
}

function* slowSquare(x: number) {
  yield* sleep(x);
  return x * x;
}

/** Sleeps `x` seconds and says when it ended (whole seconds) and where. */
function* napper(x: number) {
  yield* sleep(x);
  return [Math.floor(monotonic()), getpid()];
}

function* failAfter(x: number) {
  yield* sleep(x);
  throw new ValueError(`failed ${x}`);
}

function pidOf(): number {
  return getpid();
}

function fmt(e: unknown): string {
  return describeError(e);
}

describe('multiprocessing.Pool', () => {
  it('[MPP-1] constructor checks: processes, maxtasksperchild, initializer; the default is the core count', () => {
    const sim = simulate(function* () {
      const errors = [
        raisesNow(() => new Pool(0)),
        raisesNow(() => new Pool(2, { maxtasksperchild: 0 })),
        raisesNow(() => new Pool(2, { maxtasksperchild: 1.5 })),
        raisesNow(() => new Pool(2, { initializer: 42 as unknown as () => void })),
      ].map(fmt);
      const p = new Pool();
      const n = p.workers.length;
      yield* p.terminate();
      return [errors, n];
    }, opts);
    expect(sim.result).toEqual([
      [
        'ValueError: Number of processes must be at least 1',
        'ValueError: maxtasksperchild must be a positive int or None',
        'ValueError: maxtasksperchild must be a positive int or None',
        'TypeError: initializer must be a callable',
      ],
      4,
    ]);
  });

  it('[MPP-13] workers are daemonic ForkPoolWorker-N processes with their own pids; tasks run there', () => {
    const sim = simulate(function* () {
      const pool = new Pool(3);
      const workers = pool.workers.map((w) => [w.name, w.daemon, w.pid]);
      const pids = yield* pool.map(pidOf, [1, 2, 3, 4, 5, 6], 1);
      pool.close();
      yield* pool.join();
      return [workers, [...new Set(pids)].sort(), pool.workers.map((w) => w.exitcode), String(pool)];
    }, opts);
    expect(sim.result).toEqual([
      [
        ['ForkPoolWorker-1', true, 2],
        ['ForkPoolWorker-2', true, 3],
        ['ForkPoolWorker-3', true, 4],
      ],
      [2, 3, 4],
      [0, 0, 0],
      '<multiprocessing.pool.Pool state=CLOSE pool_size=3>',
    ]);
  });

  it('arguments and results cross as copies: a task mutating its argument leaves the parent’s alone', () => {
    function mutate(o: { xs: number[] }) {
      o.xs.push(getpid());
      return o;
    }
    const sim = simulate(function* () {
      const pool = new Pool(1);
      const arg = { xs: [1] };
      const back = yield* pool.apply(mutate, [arg]);
      const again = yield* pool.apply(mutate, [arg]);
      yield* pool.terminate();
      return [arg, back, again, back === again];
    }, opts);
    expect(sim.result).toEqual([{ xs: [1] }, { xs: [1, 2] }, { xs: [1, 2] }, false]);
  });

  it('CPU-bound tasks run in parallel on the workers, up to the core count', () => {
    function* burn(s: number) {
      yield* compute(s);
      return s;
    }
    const elapsed = (workers: number, tasks: number) =>
      simulate(function* () {
        const pool = new Pool(workers);
        const t0 = monotonic();
        yield* pool.map(
          burn,
          Array.from({ length: tasks }, () => 1),
          1,
        );
        const t = monotonic() - t0;
        yield* pool.terminate();
        return t;
      }, opts).result as number;
    expect(elapsed(4, 4)).toBeCloseTo(1.002, 2); // four cores at once, after the fork cost
    expect(elapsed(4, 8)).toBeCloseTo(2.002, 2);
    expect(elapsed(8, 8)).toBeCloseTo(2.004, 2); // eight processes still share four cores
    expect(elapsed(1, 4)).toBeCloseTo(4.002, 2);
  });

  it('[MPP-2] callback and error_callback run in the parent’s result-handler thread', () => {
    const sim = simulate(function* () {
      const pool = new Pool(2);
      const seen: string[] = [];
      const where = (tag: string) => () => {
        seen.push(`${tag}: ${currentThread().name} in ${currentProcess().name} (pid ${getpid()})`);
      };
      const ok = pool.applyAsync(square, [3], { callback: where('callback') });
      const bad = pool.applyAsync(failAfter, [0], { errorCallback: where('error_callback') });
      yield* ok.wait();
      yield* bad.wait();
      yield* pool.terminate();
      return seen.sort();
    }, opts);
    expect(sim.result).toEqual([
      'callback: Thread-3 (_handle_results) in MainProcess (pid 1)',
      'error_callback: Thread-3 (_handle_results) in MainProcess (pid 1)',
    ]);
  });

  it('[MPP-3] the callback runs before the result is ready: get() returns only after it', () => {
    const sim = simulate(function* () {
      const pool = new Pool(1);
      const log: string[] = [];
      let r: ReturnType<typeof pool.applyAsync<typeof square>> | null = null;
      r = pool.applyAsync(square, [4], {
        *callback(v) {
          log.push(`callback(${v}) sees ready()=${r?.ready()}`);
          yield* sleep(2);
          log.push('callback done');
        },
      });
      const v = yield* r.get();
      log.push(`get() -> ${v} at ${Math.floor(monotonic())}`);
      yield* pool.terminate();
      return log;
    }, opts);
    expect(sim.result).toEqual(['callback(16) sees ready()=false', 'callback done', 'get() -> 16 at 2']);
  });

  it('[MPP-4] a failing task: error_callback(exc), no callback, get() re-raises with a RemoteTraceback cause', () => {
    const sim = simulate(function* () {
      const pool = new Pool(1);
      const calls: string[] = [];
      const r = pool.applyAsync(failAfter, [1], {
        callback: () => calls.push('callback'),
        errorCallback: (e) => calls.push(`error_callback(${fmt(e)})`),
      });
      const e = (yield* raises(() => r.get())) as Error & { cause: unknown };
      yield* pool.terminate();
      return [
        calls,
        fmt(e),
        e instanceof ValueError,
        e.cause instanceof RemoteTraceback,
        String(e.cause).includes('ValueError: failed 1'),
        r.successful(),
      ];
    }, opts);
    expect(sim.result).toEqual([
      ['error_callback(ValueError: failed 1)'],
      'ValueError: failed 1',
      true,
      true,
      true,
      false,
    ]);
  });

  it('[MPP-5] get(timeout) raises multiprocessing.TimeoutError (not the builtin); ready/successful/wait', () => {
    const sim = simulate(function* () {
      const pool = new Pool(1);
      const r = pool.applyAsync(slowSquare, [3]);
      const e = yield* raises(() => r.get(1));
      const running = [r.ready(), fmt(raisesNow(() => r.successful()))];
      const w = yield* r.wait(0.5);
      const waited = yield* r.wait();
      const after = [r.ready(), r.successful(), yield* r.get(0), Math.floor(monotonic())];
      yield* pool.terminate();
      return [e instanceof TimeoutError, e instanceof BuiltinTimeoutError, fmt(e), running, w, waited, after];
    }, opts);
    expect(sim.result).toEqual([
      true,
      false,
      'TimeoutError: ',
      [false, 'ValueError: <multiprocessing.pool.ApplyResult object job=0> not ready'],
      undefined,
      undefined,
      [true, true, 9, 3],
    ]);
  });

  it('[MPP-6] map keeps input order in chunks of ceil(len/(4*processes)): 13 for 100 items on 2 processes', () => {
    const sim = simulate(function* () {
      const pool = new Pool(2);
      const ends = (yield* pool.map(
        napper,
        Array.from({ length: 100 }, () => 1),
      )) as [number, number][];
      yield* pool.terminate();
      // Items of one chunk run one after the other in one worker: the 13th ends at 13 s,
      // the 14th starts a new chunk on the other worker and ends at 1 s.
      return [ends.length, ends[0], ends[12], ends[13], ends[25], ends[26]];
    }, opts);
    expect(sim.result).toEqual([100, [1, 2], [13, 2], [1, 3], [13, 3], [14, 2]]);
  });

  it('[MPP-6] an empty iterable gives []; chunksize=0 gives [null]*len without running anything; starmap; apply blocks', () => {
    const sim = simulate(function* () {
      const pool = new Pool(2);
      const empty = yield* pool.map(square, []);
      const zero = yield* pool.map(slowSquare, [1, 2, 3], 0);
      const t0 = monotonic();
      const named = yield* pool.starmap(Math.pow, [
        [2, 3],
        [3, 2],
      ]);
      const applied = yield* pool.apply(slowSquare, [2]);
      const t = Math.round(monotonic() * 1000) / 1000;
      yield* pool.terminate();
      return [empty, zero, t0, named, applied, t];
    }, opts);
    expect(sim.result).toEqual([[], [null, null, null], 0, [8, 9], 4, 2.002]);
  });

  it('[MPP-7] a failing map raises the first exception to arrive, once every chunk is done; error_callback once', () => {
    function* maybeFail(x: number) {
      yield* sleep(x);
      if (x !== 2) throw new ValueError(`failed ${x}`);
      return x;
    }
    const sim = simulate(function* () {
      const pool = new Pool(3);
      const calls: string[] = [];
      const r = pool.mapAsync(maybeFail, [3, 1, 2], {
        chunksize: 1,
        callback: () => calls.push('callback'),
        errorCallback: (e) => calls.push(`error_callback(${fmt(e)}) at ${Math.floor(monotonic())}`),
      });
      yield* sleep(2.5);
      const early = r.ready(); // item 1 failed at 1 s, but item 0 still runs
      const e = yield* raises(() => r.get());
      const m = yield* raises(() => pool.map(maybeFail, [3, 1, 2], 1));
      yield* pool.terminate();
      return [early, fmt(e), calls, fmt(m)];
    }, opts);
    expect(sim.result).toEqual([
      false,
      'ValueError: failed 1', // input order would say "failed 3"
      ['error_callback(ValueError: failed 1) at 3'],
      'ValueError: failed 1',
    ]);
  });

  it('[MPP-8] imap is ordered, imap_unordered yields in completion order; chunksize < 1 raises at once', () => {
    const sim = simulate(function* () {
      const pool = new Pool(3);
      const ordered = yield* pool.imap(slowSquare, [3, 1, 2]).results();
      const unordered = yield* pool.imapUnordered(slowSquare, [3, 1, 2]).results();
      const chunked = yield* pool.imap(square, [1, 2, 3, 4, 5], 2).results();
      const bad = [raisesNow(() => pool.imap(square, [1], 0)), raisesNow(() => pool.imapUnordered(square, [1], 0))];
      function* badInput() {
        yield 1;
        throw new ValueError('bad input');
      }
      const guarded = pool.imap(square, badInput());
      const fromBadInput = [yield* guarded.next(), fmt(yield* raises(() => guarded.next()))];
      const it = pool.imap(slowSquare, [2]);
      const timedOut = yield* raises(() => it.next(1));
      const first = yield* it.next();
      const end = yield* it.next();
      yield* pool.terminate();
      return [ordered, unordered, chunked, bad.map(fmt), fromBadInput, timedOut instanceof TimeoutError, first, end];
    }, opts);
    expect(sim.result).toEqual([
      [9, 1, 4],
      [1, 4, 9],
      [1, 4, 9, 16, 25],
      ['ValueError: Chunksize must be 1+, not 0', 'ValueError: Chunksize must be 1+, not 0'],
      [{ done: false, value: 1 }, 'ValueError: bad input'], // the input's error is raised in a worker
      true,
      { done: false, value: 4 },
      { done: true, value: undefined },
    ]);
  });

  it('[MPP-9] callbacks run one at a time on the result handler: a slow one delays the next result', () => {
    const sim = simulate(function* () {
      const pool = new Pool(2);
      const log: string[] = [];
      const a = pool.applyAsync(slowSquare, [1], {
        *callback() {
          log.push(`a callback starts at ${Math.floor(monotonic())}`);
          yield* sleep(5);
        },
      });
      const b = pool.applyAsync(slowSquare, [1], {
        callback: () => log.push(`b callback at ${Math.floor(monotonic())}`),
      });
      yield* b.get();
      log.push(`b ready at ${Math.floor(monotonic())}`);
      yield* a.get();
      yield* pool.terminate();
      return log;
    }, opts);
    expect(sim.result).toEqual(['a callback starts at 1', 'b callback at 6', 'b ready at 6']);
  });

  it('[MPP-10] [MPP-11] join() before close() raises; after close(), submitting raises; a second close() is harmless', () => {
    const sim = simulate(function* () {
      const pool = new Pool(1);
      const early = raisesNow(() => pool.join());
      pool.close();
      pool.close();
      const late = [
        raisesNow(() => pool.applyAsync(square, [1])),
        raisesNow(() => pool.map(square, [1])),
        raisesNow(() => pool.imap(square, [1])),
        raisesNow(() => pool.with(function* () {})),
      ];
      yield* pool.join();
      return [fmt(early), ...late.map(fmt)];
    }, opts);
    expect(sim.result).toEqual([
      'ValueError: Pool is still running',
      'ValueError: Pool not running',
      'ValueError: Pool not running',
      'ValueError: Pool not running',
      'ValueError: Pool not running',
    ]);
  });

  it('[MPP-12] close() then join() waits for every outstanding task and its callback', () => {
    const sim = simulate(function* () {
      const pool = new Pool(2);
      const done: string[] = [];
      for (const x of [3, 1, 2]) {
        pool.applyAsync(slowSquare, [x], {
          *callback(v) {
            yield* sleep(1);
            done.push(`${v}@${Math.floor(monotonic())}`);
          },
        });
      }
      pool.close();
      yield* pool.join();
      return [done, Math.floor(monotonic()), pool.workers.map((w) => w.exitcode)];
    }, opts);
    // 1 ends at 1 s on one worker, which then runs 2 (ends at 3 s, just after 3 ends on the
    // other): the result handler calls the callbacks of 9 and 4 one after the other.
    expect(sim.result).toEqual([['1@2', '9@4', '4@5'], 5, [0, 0]]);
  });

  it('[MPP-13] leaving with() terminates the pool: outstanding tasks are killed and never arrive', () => {
    const sim = simulate(function* () {
      let pending: ApplyResult<number> | null = null;
      let workers: Pool['workers'] = [];
      const first = yield* new Pool(2).with(function* (pool) {
        workers = pool.workers;
        pending = pool.applyAsync(slowSquare, [10]);
        return yield* pool.apply(square, [7]);
      });
      const p = pending as unknown as ApplyResult<number>;
      const never = yield* raises(() => p.get(20));
      // The busy worker is terminated; the idle one may read its sentinel and exit first.
      const codes = workers.map((w) => [w.name, w.exitcode === 0 ? -15 : w.exitcode]);
      return [first, Math.floor(monotonic()), codes, fmt(never)];
    }, opts);
    expect(sim.result).toEqual([
      49,
      20,
      [
        ['ForkPoolWorker-1', -15],
        ['ForkPoolWorker-2', -15],
      ],
      'TimeoutError: ',
    ]);
  });

  it('[MPP-14] a raising callback kills the result handler: later results never get ready, terminate() asserts', () => {
    const sim = simulate(function* () {
      const hooked: string[] = [];
      setExcepthook((args) => {
        hooked.push(`${args.thread.name}: ${fmt(args.excValue)}`);
        printingExcepthook(args);
      });
      const pool = new Pool(2);
      const bad = pool.applyAsync(square, [2], {
        callback: () => {
          throw new ValueError('callback bug');
        },
      });
      const t1 = yield* raises(() => bad.get(1));
      const later = pool.applyAsync(square, [3]);
      const t2 = yield* raises(() => later.get(1));
      const term = yield* raises(() => pool.terminate());
      return [hooked, fmt(t1), fmt(t2), pool.resultHandler.isAlive(), fmt(term)];
    }, opts);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      ['Thread-3 (_handle_results): ValueError: callback bug'],
      'TimeoutError: ',
      'TimeoutError: ',
      false,
      'AssertionError: Cannot have cache with result_hander not alive',
    ]);
  });

  it("[MPP-14] under concsim's default excepthook the raising callback ends the run, naming the result handler", () => {
    const sim = simulate(function* () {
      const pool = new Pool(1);
      pool.applyAsync(square, [2], {
        callback: () => {
          throw new ValueError('callback bug');
        },
      });
      yield* sleep(10);
    }, opts);
    expect(sim.verdict).toMatchObject({ kind: 'exception', thread: 'Thread-3 (_handle_results)' });
  });

  it('a killed worker is replaced by a new ForkPoolWorker; its task never completes, later tasks do', () => {
    const sim = simulate(function* () {
      const pool = new Pool(2);
      const before = pool.workers.map((w) => [w.name, w.pid]);
      const lost = pool.applyAsync(slowSquare, [5]); // goes to ForkPoolWorker-1
      yield* sleep(1);
      pool.workers[0]?.kill();
      yield* sleep(0.1);
      const after = pool.workers.map((w) => [w.name, w.pid, w.exitcode]);
      const pids = yield* pool.map(pidOf, [1, 2, 3, 4], 1);
      const e = yield* raises(() => lost.get(10));
      // A task can take its own worker down too.
      const suicide = pool.applyAsync(function exitNow() {
        return osExit(3);
      });
      const e2 = yield* raises(() => suicide.get(1));
      const last = pool.workers.map((w) => w.name);
      yield* pool.terminate();
      return [before, after, [...new Set(pids)].sort(), fmt(e), fmt(e2), last];
    }, opts);
    expect(sim.result).toEqual([
      [
        ['ForkPoolWorker-1', 2],
        ['ForkPoolWorker-2', 3],
      ],
      [
        ['ForkPoolWorker-2', 3, null],
        ['ForkPoolWorker-3', 4, null],
      ],
      [3, 4],
      'TimeoutError: ',
      'TimeoutError: ',
      ['ForkPoolWorker-3', 'ForkPoolWorker-4'], // ForkPoolWorker-2 ran exitNow and was replaced
    ]);
  });

  it('maxtasksperchild=1 gives a fresh process, and pid, per task', () => {
    const sim = simulate(function* () {
      const pool = new Pool(1, { maxtasksperchild: 1 });
      const pids: number[] = [];
      for (let i = 0; i < 3; i++) pids.push(yield* pool.apply(pidOf));
      const names = pool.workers.map((w) => w.name);
      pool.close();
      yield* pool.join();
      return [pids, names];
    }, opts);
    // The third worker exits after its task too, and is replaced before close().
    expect(sim.result).toEqual([[2, 3, 4], ['ForkPoolWorker-4']]);
  });

  it('the initializer runs once in each worker, with initargs (a Queue crosses by inheritance)', () => {
    function* init(q: Queue<number>) {
      yield* q.put(getpid());
    }
    const sim = simulate(function* () {
      const q = new Queue<number>();
      const pool = new Pool(2, { initializer: init, initargs: [q] });
      const pids = [yield* q.get(), yield* q.get()].sort();
      yield* pool.terminate();
      return pids;
    }, opts);
    expect(sim.result).toEqual([2, 3]);
  });

  it('what cannot cross: an unpicklable task fails its result, an unpicklable result comes back as MaybeEncodingError', () => {
    function giveLock() {
      return new Lock();
    }
    function useQueue(_q: Queue<number>) {
      return 1;
    }
    const sim = simulate(function* () {
      const pool = new Pool(1);
      const [lambda] = [() => 1];
      const e1 = yield* raises(() => pool.apply(lambda));
      const e2 = (yield* raises(() => pool.apply(giveLock))) as MaybeEncodingError;
      const e3 = yield* raises(() => pool.apply(useQueue, [new Queue<number>()]));
      const e4 = raisesNow(() => pickle(pool));
      const still = yield* pool.apply(square, [5]); // the pool stays usable
      yield* pool.terminate();
      return [
        e1 instanceof PicklingError,
        fmt(e1),
        e2 instanceof MaybeEncodingError,
        e2.message,
        fmt(e3),
        fmt(e4),
        still,
      ];
    }, opts);
    expect(sim.result).toEqual([
      true,
      "PicklingError: Can't pickle local object '<lambda>'",
      true,
      `Error sending result: '[object Object]'. Reason: 'PicklingError("cannot pickle '_thread.lock' object")'`,
      'RuntimeError: Queue objects should only be shared between processes through inheritance',
      'NotImplementedError: pool objects cannot be passed between processes or pickled',
      25,
    ]);
  });

  it('with spawn, workers are SpawnPoolWorker-N and pay the spawn start cost', () => {
    const sim = simulate(function* () {
      setStartMethod('spawn');
      const [lambda] = [() => {}];
      const unpicklable = raisesNow(() => new Pool(2, { initializer: lambda }));
      const pool = new Pool(2);
      const names = pool.workers.map((w) => w.name);
      const v = yield* pool.apply(square, [3]);
      const t = monotonic();
      yield* pool.terminate();
      return [fmt(unpicklable), names, v, t > 0.05 && t < 0.051];
    }, opts);
    // The failed pool's first worker took the name SpawnPoolWorker-1.
    expect(sim.result).toEqual([
      "PicklingError: Can't pickle local object '<lambda>'",
      ['SpawnPoolWorker-2', 'SpawnPoolWorker-3'],
      9,
      true,
    ]);
  });
});

describe('multiprocessing under random schedules', () => {
  function* jitter(x: number) {
    yield* sleep((x % 3) * 0.01);
    return x * x;
  }
  function* producer(q: Queue<number>, c: Connection) {
    for (let i = 0; i < 5; i++) yield* q.put(i);
    yield* c.send('done');
    c.close();
  }

  it('pool results, callbacks, queues and pipes come out the same whatever the schedule', () => {
    for (const strategy of ['random', 'pct'] as const) {
      for (let seed = 0; seed < 30; seed++) {
        const sim = simulate(
          function* () {
            const pool = new Pool(3);
            const calledBack: number[] = [];
            const rs = [1, 2, 3, 4].map((x) => pool.applyAsync(jitter, [x], { callback: (v) => calledBack.push(v) }));
            const mapped = yield* pool.map(jitter, [1, 2, 3, 4, 5, 6, 7], 2);
            const unordered = (yield* pool.imapUnordered(jitter, [1, 2, 3]).results()).sort((a, b) => a - b);
            const got: number[] = [];
            for (const r of rs) got.push(yield* r.get());
            pool.close();
            yield* pool.join();
            const q = new Queue<number>(2);
            const [a, b] = Pipe();
            const p = new Process({ target: producer, args: [q, b] });
            p.start();
            const items: number[] = [];
            for (let i = 0; i < 5; i++) items.push(yield* q.get());
            const done = yield* a.recv();
            yield* p.join();
            const pool2 = new Pool(2);
            pool2.applyAsync(jitter, [9]);
            yield* pool2.terminate();
            return [mapped, unordered, got, calledBack.length, items, done, p.exitcode];
          },
          { strategy, seed, cores: 2 },
        );
        expect(sim.verdict, `${strategy} seed ${seed}`).toEqual({ kind: 'ok' });
        expect(sim.result).toEqual([
          [1, 4, 9, 16, 25, 36, 49],
          [1, 4, 9],
          [1, 4, 9, 16],
          4,
          [0, 1, 2, 3, 4],
          'done',
          0,
        ]);
      }
    }
  });
});

it('terminate() without yield* is reported under its own name', () => {
  const sim = simulate(function* () {
    const pool = new Pool(1);
    pool.terminate();
    yield* sleep(0);
  }, opts);
  expect(sim.verdict.kind === 'exception' && sim.verdict.error.message).toBe(
    'Pool.terminate() was called without yield*, so it never ran: write `yield* pool.terminate()`',
  );
});
