/**
 * `multiprocessing.Pool`, written as CPython 3.11's `Lib/multiprocessing/pool.py` writes
 * it: worker processes (`ForkPoolWorker-N`, daemonic) running `worker()` over two
 * SimpleQueues (`_inqueue` of tasks, `_outqueue` of results), and three daemon threads
 * in the parent — the worker handler (`Thread-N (_handle_workers)`: reaps workers that
 * died or reached `maxtasksperchild` and starts replacements), the task handler
 * (`_handle_tasks`: takes task sequences from `_taskqueue`, pickles each task onto the
 * inqueue, and fails a task whose pickling fails) and the result handler
 * (`_handle_results`: reads results and calls `_set` on the job in `_cache`).
 *
 * The ⚠ rules follow from the algorithm, not from special cases:
 * - callbacks and error callbacks run in the result handler thread [MPP-2], before the
 *   result becomes ready, so `get()` returns after the callback [MPP-3]; one slow
 *   callback delays every other result [MPP-9];
 * - `get(timeout)` raises `multiprocessing.TimeoutError`, `wait()` returns nothing,
 *   `successful()` raises ValueError until ready [MPP-5];
 * - `map` splits the input in chunks of `ceil(len / (4 * processes))` and a chunksize of 0
 *   returns `[null] * len` at once [MPP-6]; a failing map reports the first exception to
 *   arrive, once every chunk is done [MPP-7];
 * - `with(body)` calls `terminate()`, not `close()` + `join()` [MPP-13];
 * - a callback that raises kills the result handler (its exception goes to
 *   `threading.excepthook`): no later result becomes ready, and `terminate()` raises
 *   `AssertionError("Cannot have cache with result_hander not alive")` [MPP-14].
 *
 * Exceptions raised by a task come back with `cause` (Python's `__cause__`) set to a
 * `RemoteTraceback` [MPP-4]; a result that cannot be pickled comes back as
 * `MaybeEncodingError`; a task that cannot be pickled fails with the PicklingError.
 *
 * Differs from CPython, on purpose:
 * - The handler threads start without the constructor waiting for their `_started`
 *   (`startNoWait`), where CPython's `Pool.__init__` calls `Thread.start()`, which waits:
 *   `Pool()` stays a plain constructor. No program can tell: no worker process has run
 *   before `Pool()` returns (each pays its start cost first), so the worker handler's first
 *   step finds nothing to maintain and blocks on the sentinels, and the task and result
 *   handlers block on their empty queues; the steps skipped change nothing another thread
 *   can see.
 * - The worker handler waits on the workers' sentinels and the change notifier only, not
 *   also on the outqueue's reader as CPython does: that wait returns at once while a
 *   result sits unread, so CPython's handler spins while a callback is slow, which in
 *   virtual time would be an endless loop at one instant. The cache emptying notifies the
 *   handler anyway, so nothing else changes.
 * - The change notifier is an in-process signal, not a pickling SimpleQueue, so that
 *   `close()` can stay a plain call.
 * - Workers do not close their copies of the pipe ends (there are no per-process copies).
 * - The traceback in `RemoteTraceback` is the exception's name and message only.
 * - `kwds` is not modelled (JavaScript has no keyword arguments); pass an object in `args`.
 * - `imap`/`imapUnordered` return an iterator whose `next(timeout)` is an Op giving
 *   `{ value }` then `{ done: true }` (Python raises StopIteration); `results()` is
 *   `list(it)`. `workers` (Python's private `_pool`) lists the worker processes.
 * - Reprs name the job instead of a memory address: `<multiprocessing.pool.ApplyResult
 *   object job=0> not ready`.
 */
import type { Blocking } from '../../engine/index.ts';
import { type Kernel, kernel, type Op, op, RunLocal, sleepTicks, type WaitQueue } from '../../engine/index.ts';
import { drive } from '../drive.ts';
import { ValueError } from '../errors.ts';
import { markUnpicklable, REDUCE } from '../pickle.ts';
import { Queue as TaskQueue } from '../queue.ts';
import { Condition } from '../threading/condition.ts';
import { Event } from '../threading/event.ts';
import { Lock } from '../threading/lock.ts';
import { currentThread, Thread } from '../threading/thread.ts';
import type { Timeout } from '../threading/timeout.ts';
import {
  AssertionError,
  EOFError,
  MaybeEncodingError,
  NotImplementedError,
  OSError,
  RemoteTraceback,
  SystemExit,
  TimeoutError,
} from './errors.ts';
import { READY, UNWATCH, WATCH, type Waitable, wait } from './pipe.ts';
import { contextProcess, type Finalizer, type Process, registerFinalizer } from './process.ts';
import { pyRepr } from './py-repr.ts';
import { SimpleQueue } from './queue.ts';
import { getStartMethod, type StartMethod } from './start-method.ts';

/** A function a `multiprocessing.Pool` runs in a worker process: any arguments, any result. */
// biome-ignore lint/suspicious/noExplicitAny: a task takes whatever its args are
export type TaskFunction = (...args: any[]) => unknown;

/** What calling `F` gives once driven: a generator's or an Op's return value, else the value. */
export type Returned<F> = F extends (...args: never[]) => infer R
  ? R extends Blocking<infer G>
    ? G
    : R extends Op<infer O>
      ? O
      : R
  : unknown;

/**
 * Keyword arguments of `multiprocessing.Pool(processes=None, initializer=None, initargs=(),
 * maxtasksperchild=None)`.
 */
export interface PoolOptions {
  /** Called in each worker with `initargs` before it takes tasks. */
  readonly initializer?: TaskFunction | null;
  readonly initargs?: readonly unknown[];
  /** A worker exits after this many tasks and is replaced (default: never). */
  readonly maxtasksperchild?: number | null;
}

/** The `callback` and `error_callback` keyword arguments of `apply_async` and `map_async`. */
export interface CallbackOptions<T> {
  /** Called with the result in the result handler thread, before the result is ready [MPP-2, MPP-3]. */
  readonly callback?: ((value: T) => unknown) | null;
  /** Called with the exception in the result handler thread [MPP-4]. */
  readonly errorCallback?: ((error: unknown) => unknown) | null;
}

/**
 * Keyword arguments of `Pool.map_async(func, iterable, chunksize=None, callback=None,
 * error_callback=None)`.
 */
export interface MapAsyncOptions<T> extends CallbackOptions<T> {
  readonly chunksize?: number | null;
}

type PoolState = 'INIT' | 'RUN' | 'CLOSE' | 'TERMINATE';

/** `(success, value)` as a worker sends it back. */
type Outcome = readonly [boolean, unknown];
/** `(job, i, func, args)`; `kwds` is not modelled. */
type Task = readonly [number, number, TaskFunction, readonly unknown[]];
type TaskSeq = readonly [Iterable<Task>, ((length: number) => Blocking) | null];

/** `thread._state`, which the handlers read and `close`/`terminate` write. */
interface HandlerState {
  state: PoolState;
}

/** How the pool sets a job's result (internal). */
const SET: unique symbol = Symbol('concsim.mp.pool.set');

interface Job {
  [SET](i: number, obj: Outcome): Blocking;
}

const JOB_COUNTER = new RunLocal(() => ({ next: 0 }));

/** `next(job_counter)`: job numbers are per run. */
function nextJob(k: Kernel): number {
  return k.local(JOB_COUNTER).next++;
}

/** The change notifier: wakes the worker handler (close, terminate, the cache emptying). */
class ChangeNotifier implements Waitable {
  #count = 0;
  readonly #watchers = new Set<WaitQueue>();

  put(): void {
    this.#count++;
    const k = kernel();
    for (const wq of [...this.#watchers]) k.wakeAll(wq);
  }

  empty(): boolean {
    return this.#count === 0;
  }

  get(): void {
    this.#count--;
  }

  [READY](): boolean {
    return this.#count > 0;
  }

  [WATCH](wq: WaitQueue): void {
    this.#watchers.add(wq);
  }

  [UNWATCH](wq: WaitQueue): void {
    this.#watchers.delete(wq);
  }
}

/** `_PoolCache`: the pending jobs; emptying it notifies the worker handler. */
class PoolCache extends Map<number, Job> {
  constructor(readonly notifier: ChangeNotifier) {
    super();
  }

  override delete(job: number): boolean {
    const r = super.delete(job);
    if (this.size === 0) this.notifier.put();
    return r;
  }
}

// ---- code run by worker processes -------------------------------------------------------------

function named<F extends TaskFunction>(name: string, f: F): F {
  Object.defineProperty(f, 'name', { value: name });
  return f;
}

/** `mapstar(args)`: `list(map(*args))`, each call driven if it blocks. */
const mapstar = named('mapstar', function* ([func, chunk]: [TaskFunction, unknown[]]) {
  const out: unknown[] = [];
  for (const x of chunk) out.push(yield* drive(func(x)));
  return out;
});

/** `starmapstar(args)`: `list(itertools.starmap(args[0], args[1]))`. */
const starmapstar = named('starmapstar', function* ([func, chunk]: [TaskFunction, unknown[][]]) {
  const out: unknown[] = [];
  for (const x of chunk) out.push(yield* drive(func(...x)));
  return out;
});

/** `_helper_reraises_exception(ex)`: a task that raises what iterating the input raised. */
const helperReraisesException = named('_helper_reraises_exception', (ex: unknown) => {
  throw ex;
});

/** `ExceptionWithTraceback` as rebuilt in the parent: the exception, its `cause` the remote traceback. */
function exceptionWithTraceback(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const tb = `\n"""\nTraceback (most recent call last):\n  File "<worker>", in worker\n${e.name}: ${e.message}\n"""`;
  const out = Object.create(Object.getPrototypeOf(e)) as Error;
  for (const key of Object.getOwnPropertyNames(e)) {
    Object.defineProperty(out, key, Object.getOwnPropertyDescriptor(e, key) as PropertyDescriptor);
  }
  Object.defineProperty(out, 'cause', { value: new RemoteTraceback(tb), writable: true, configurable: true });
  return out;
}

/** `pool.worker`: the loop a worker process runs. */
const worker = named(
  'worker',
  function* (
    inqueue: SimpleQueue<Task | null>,
    outqueue: SimpleQueue<readonly [number, number, Outcome]>,
    initializer: TaskFunction | null,
    initargs: readonly unknown[],
    maxtasks: number | null,
    wrapException: boolean,
  ): Blocking {
    if (maxtasks !== null && !(Number.isInteger(maxtasks) && maxtasks >= 1)) {
      throw new AssertionError(`Maxtasks ${pyRepr(maxtasks)} is not valid`);
    }
    if (initializer !== null) yield* drive(initializer(...initargs));
    let completed = 0;
    while (maxtasks === null || (maxtasks && completed < maxtasks)) {
      let task: Task | null;
      try {
        task = yield* inqueue.get();
      } catch (e) {
        if (e instanceof EOFError || e instanceof OSError) break;
        throw e;
      }
      if (task === null) break;
      const [job, i, func, args] = task;
      let result: Outcome;
      try {
        result = [true, yield* drive(func(...args))];
      } catch (e) {
        if (e instanceof SystemExit) throw e; // a BaseException: not caught by `except Exception`
        result = [false, wrapException && func !== helperReraisesException ? exceptionWithTraceback(e) : e];
      }
      try {
        yield* outqueue.put([job, i, result]);
      } catch (e) {
        const wrapped = new MaybeEncodingError(pyRepr(e), pyRepr(result[1]));
        yield* outqueue.put([job, i, [false, wrapped]]);
      }
      completed++;
    }
  },
);

// ---- the pool --------------------------------------------------------------------------------------

/**
 * `multiprocessing.Pool`: worker processes fed by a task queue; `apply`, `applyAsync`, `map`,
 * `mapAsync`, `imap`, `close`, `join`, `terminate`.
 */
export class Pool {
  #state: PoolState = 'INIT';
  readonly #pool: Process[] = [];
  readonly #method: StartMethod;
  readonly #inqueue: SimpleQueue<Task | null>;
  readonly #outqueue: SimpleQueue<readonly [number, number, Outcome] | null>;
  readonly #taskqueue: TaskQueue<TaskSeq | null>;
  readonly #changeNotifier = new ChangeNotifier();
  readonly #cache: PoolCache;
  readonly #processes: number;
  readonly #initializer: TaskFunction | null;
  readonly #initargs: readonly unknown[];
  readonly #maxtasksperchild: number | null;
  readonly #wh: HandlerState = { state: 'RUN' };
  readonly #th: HandlerState = { state: 'RUN' };
  readonly #rh: HandlerState = { state: 'RUN' };
  readonly #workerHandler: Thread;
  readonly #taskHandler: Thread;
  readonly #resultHandler: Thread;
  readonly #terminate: Finalizer;

  /** `Pool(processes=None, initializer=None, initargs=(), maxtasksperchild=None)`; null: the core count. */
  constructor(processes: number | null = null, o: PoolOptions = {}) {
    const k = kernel('Pool()');
    this.#method = getStartMethod() as StartMethod;
    this.#inqueue = new SimpleQueue();
    this.#outqueue = new SimpleQueue();
    this.#taskqueue = new TaskQueue();
    this.#cache = new PoolCache(this.#changeNotifier);
    const maxtasksperchild = o.maxtasksperchild ?? null;
    this.#maxtasksperchild = maxtasksperchild;
    this.#initializer = o.initializer ?? null;
    this.#initargs = o.initargs ?? [];
    const n = processes ?? k.cpu.cores;
    if (n < 1) throw new ValueError('Number of processes must be at least 1');
    if (maxtasksperchild !== null && (!Number.isInteger(maxtasksperchild) || maxtasksperchild <= 0)) {
      throw new ValueError('maxtasksperchild must be a positive int or None');
    }
    if (this.#initializer !== null && typeof this.#initializer !== 'function') {
      throw new TypeError('initializer must be a callable');
    }
    this.#processes = n;
    try {
      this.#repopulatePool();
    } catch (e) {
      for (const p of this.#pool) if (p.exitcode === null) p.terminate();
      throw e;
    }
    const handler = (name: string, body: () => Blocking) => {
      const t = new Thread({ target: named(name, body), daemon: true });
      t.startNoWait();
      return t;
    };
    this.#workerHandler = handler('_handle_workers', () => this.#handleWorkers());
    this.#taskHandler = handler('_handle_tasks', () => this.#handleTasks());
    this.#resultHandler = handler('_handle_results', () => this.#handleResults());
    this.#terminate = registerFinalizer(() => this.#terminatePool(), 15);
    this.#state = 'RUN';
    if (k.tracing) k.emit('pool.start', null, { processes: n, method: this.#method });
  }

  /** The worker processes (Python's private `_pool`; concsim extension, for scenarios and tests). */
  get workers(): readonly Process[] {
    return this.#pool;
  }

  /** The result handler thread (concsim extension, for tests). */
  get resultHandler(): Thread {
    return this.#resultHandler;
  }

  // ---- workers ----------------------------------------------------------------------------------

  /** `_repopulate_pool_static`: start workers up to `processes`. */
  #repopulatePool(): void {
    const Ctx = contextProcess(this.#method);
    for (let i = this.#pool.length; i < this.#processes; i++) {
      const w = new Ctx({
        target: worker,
        args: [this.#inqueue, this.#outqueue, this.#initializer, this.#initargs, this.#maxtasksperchild, true],
      });
      w.name = w.name.replace('Process', 'PoolWorker');
      w.daemon = true;
      w.start();
      this.#pool.push(w);
    }
  }

  /** `_maintain_pool`: reap workers that exited and replace them. */
  *#maintainPool(): Blocking {
    let cleaned = false;
    for (let i = this.#pool.length - 1; i >= 0; i--) {
      const w = this.#pool[i] as Process;
      if (w.exitcode !== null) {
        yield* w.join();
        cleaned = true;
        this.#pool.splice(i, 1);
      }
    }
    if (cleaned) this.#repopulatePool();
  }

  /** `_handle_workers`. */
  *#handleWorkers(): Blocking {
    const th = this.#wh;
    while (th.state === 'RUN' || (this.#cache.size > 0 && th.state !== 'TERMINATE')) {
      yield* this.#maintainPool();
      yield* wait([...this.#pool.map((w) => w.sentinel), this.#changeNotifier]);
      while (!this.#changeNotifier.empty()) this.#changeNotifier.get();
    }
    this.#taskqueue.putNowait(null);
  }

  /** `_handle_tasks`. */
  *#handleTasks(): Blocking {
    const th = this.#th;
    const put = (task: Task | null) => this.#inqueue.writer.send(task);
    for (;;) {
      const item = yield* this.#taskqueue.get();
      if (item === null) break;
      const [taskseq, setLength] = item;
      let task: Task | null = null;
      let stopped = false;
      for (const t of taskseq) {
        task = t;
        if (th.state !== 'RUN') {
          stopped = true;
          break;
        }
        try {
          yield* put(t);
        } catch (e) {
          const [job, idx] = t;
          const r = this.#cache.get(job);
          if (r !== undefined) yield* r[SET](idx, [false, e]);
        }
      }
      if (stopped) break;
      if (setLength !== null) yield* setLength((task === null ? -1 : task[1]) + 1);
    }
    try {
      yield* this.#outqueue.writer.send(null);
      for (const _ of this.#pool) yield* put(null);
    } catch (e) {
      if (!(e instanceof OSError)) throw e;
    }
  }

  /** `_handle_results`. */
  *#handleResults(): Blocking {
    const th = this.#rh;
    const reader = this.#outqueue.reader;
    const get = () => reader.recv() as Op<readonly [number, number, Outcome] | null>;
    for (;;) {
      let task: readonly [number, number, Outcome] | null;
      try {
        task = yield* get();
      } catch (e) {
        if (e instanceof OSError || e instanceof EOFError) return;
        throw e;
      }
      if (th.state !== 'RUN') {
        if (th.state !== 'TERMINATE') throw new AssertionError('Thread not in TERMINATE');
        break;
      }
      if (task === null) break;
      const [job, i, obj] = task;
      const r = this.#cache.get(job);
      if (r !== undefined) yield* r[SET](i, obj);
    }
    while (this.#cache.size > 0 && th.state !== 'TERMINATE') {
      let task: readonly [number, number, Outcome] | null;
      try {
        task = yield* get();
      } catch (e) {
        if (e instanceof OSError || e instanceof EOFError) return;
        throw e;
      }
      if (task === null) continue;
      const [job, i, obj] = task;
      const r = this.#cache.get(job);
      if (r !== undefined) yield* r[SET](i, obj);
    }
    try {
      for (let i = 0; i < 10; i++) {
        if (!(yield* reader.poll())) break;
        yield* get();
      }
    } catch (e) {
      if (!(e instanceof OSError || e instanceof EOFError)) throw e;
    }
  }

  // ---- the public API ---------------------------------------------------------------------------

  #checkRunning(): void {
    if (this.#state !== 'RUN') throw new ValueError('Pool not running');
  }

  /** `func(...args)` in a worker; blocks for the result. */
  apply<F extends TaskFunction>(func: F, args: readonly unknown[] = []): Op<Returned<F>> {
    const r = this.applyAsync(func, args);
    return op('Pool.apply()', getResult(r));
  }

  /** Submits `func(...args)`; the result (and its callbacks) come through an ApplyResult. */
  applyAsync<F extends TaskFunction>(
    func: F,
    args: readonly unknown[] = [],
    o: CallbackOptions<Returned<F>> = {},
  ): ApplyResult<Returned<F>> {
    this.#checkRunning();
    const result = new ApplyResult<Returned<F>>(this.#cache, o.callback ?? null, o.errorCallback ?? null);
    const task: Task = [result.job, 0, func, args];
    this.#taskqueue.putNowait([[task], null]);
    return result;
  }

  /** `func` over `iterable` in chunks; blocks for the list of results, in input order [MPP-6]. */
  map<F extends TaskFunction>(
    func: F,
    iterable: Iterable<unknown>,
    chunksize: number | null = null,
  ): Op<Returned<F>[]> {
    const r = this.#mapAsync<Returned<F>>(func, iterable, mapstar, chunksize, null, null);
    return op('Pool.map()', getResult(r));
  }

  mapAsync<F extends TaskFunction>(
    func: F,
    iterable: Iterable<unknown>,
    o: MapAsyncOptions<Returned<F>[]> = {},
  ): MapResult<Returned<F>> {
    return this.#mapAsync(func, iterable, mapstar, o.chunksize ?? null, o.callback ?? null, o.errorCallback ?? null);
  }

  /** Like `map`, with each item an array of arguments: `func(...item)`. */
  starmap<F extends TaskFunction>(
    func: F,
    iterable: Iterable<readonly unknown[]>,
    chunksize: number | null = null,
  ): Op<Returned<F>[]> {
    const r = this.#mapAsync<Returned<F>>(func, iterable, starmapstar, chunksize, null, null);
    return op('Pool.starmap()', getResult(r));
  }

  starmapAsync<F extends TaskFunction>(
    func: F,
    iterable: Iterable<readonly unknown[]>,
    o: MapAsyncOptions<Returned<F>[]> = {},
  ): MapResult<Returned<F>> {
    return this.#mapAsync(
      func,
      iterable,
      starmapstar,
      o.chunksize ?? null,
      o.callback ?? null,
      o.errorCallback ?? null,
    );
  }

  /** `_map_async`. */
  #mapAsync<T>(
    func: TaskFunction,
    iterable: Iterable<unknown>,
    mapper: TaskFunction,
    chunksize: number | null,
    callback: ((v: T[]) => unknown) | null,
    errorCallback: ((e: unknown) => unknown) | null,
  ): MapResult<T> {
    this.#checkRunning();
    const items = Array.isArray(iterable) ? (iterable as unknown[]) : [...iterable];
    let cs = chunksize;
    if (cs === null) {
      const d = this.#pool.length * 4;
      cs = Math.floor(items.length / d) + (items.length % d ? 1 : 0);
    }
    if (items.length === 0) cs = 0;
    const batches = getTasks(func, items, cs);
    const result = new MapResult<T>(this.#cache, cs, items.length, callback, errorCallback);
    this.#taskqueue.putNowait([guardedTaskGeneration(result.job, mapper, batches), null]);
    return result;
  }

  /** Results in input order, as they come: `yield* it.next()` [MPP-8]. */
  imap<F extends TaskFunction>(func: F, iterable: Iterable<unknown>, chunksize = 1): ResultIterator<Returned<F>> {
    return this.#imap(func, iterable, chunksize, false);
  }

  /** Results in completion order [MPP-8]. */
  imapUnordered<F extends TaskFunction>(
    func: F,
    iterable: Iterable<unknown>,
    chunksize = 1,
  ): ResultIterator<Returned<F>> {
    return this.#imap(func, iterable, chunksize, true);
  }

  #imap<T>(func: TaskFunction, iterable: Iterable<unknown>, chunksize: number, unordered: boolean): ResultIterator<T> {
    this.#checkRunning();
    const Iter = unordered ? IMapUnorderedIterator : IMapIterator;
    if (chunksize === 1) {
      const result = new Iter<T>(this.#cache);
      this.#taskqueue.putNowait([guardedTaskGeneration(result.job, func, iterable), (n) => result.setLength(n)]);
      return result;
    }
    if (chunksize < 1) throw new ValueError(`Chunksize must be 1+, not ${chunksize}`);
    const result = new Iter<T[]>(this.#cache);
    const batches = getTasks(func, iterable, chunksize);
    this.#taskqueue.putNowait([guardedTaskGeneration(result.job, mapstar, batches), (n) => result.setLength(n)]);
    return new ChunkIterator(result);
  }

  /** No more tasks: the workers exit once the outstanding ones are done. A second call is harmless [MPP-11]. */
  close(): void {
    const k = kernel('Pool.close()');
    if (this.#state === 'RUN') {
      this.#state = 'CLOSE';
      this.#wh.state = 'CLOSE';
      this.#changeNotifier.put();
      k.emit('pool.close', null, null);
    }
  }

  /** Stops the workers at once (SIGTERM); outstanding results never arrive. Runs once. */
  terminate(): Op<void> {
    const k = kernel('Pool.terminate()');
    this.#state = 'TERMINATE';
    k.emit('pool.terminate', null, null);
    const finalizer = this.#terminate;
    return op(
      'Pool.terminate()',
      (function* () {
        yield* finalizer.call();
      })(),
    );
  }

  /** `_terminate_pool`. */
  *#terminatePool(): Blocking {
    this.#wh.state = 'TERMINATE';
    this.#changeNotifier.put();
    this.#th.state = 'TERMINATE';
    yield* this.#helpStuffFinish();
    if (!this.#resultHandler.isAlive() && this.#cache.size !== 0) {
      throw new AssertionError('Cannot have cache with result_hander not alive');
    }
    this.#rh.state = 'TERMINATE';
    this.#changeNotifier.put();
    yield* this.#outqueue.put(null);
    const me = currentThread();
    if (me !== this.#workerHandler) yield* this.#workerHandler.join();
    for (const p of this.#pool) if (p.exitcode === null) p.terminate();
    if (me !== this.#taskHandler) yield* this.#taskHandler.join();
    if (me !== this.#resultHandler) yield* this.#resultHandler.join();
    for (const p of this.#pool) if (p.isAlive()) yield* p.join();
  }

  /** `_help_stuff_finish`: take the inqueue's read lock for good and drain it while the task handler runs. */
  *#helpStuffFinish(): Blocking {
    yield* this.#inqueue.rlock.acquire();
    const reader = this.#inqueue.reader;
    while (this.#taskHandler.isAlive() && (yield* reader.poll())) {
      yield* reader.recv();
      yield* sleepTicks(0);
    }
  }

  /** Waits for the handlers and workers to end; ValueError unless closed or terminated first [MPP-10]. */
  join(): Op<void> {
    if (this.#state === 'RUN') throw new ValueError('Pool is still running');
    if (this.#state !== 'CLOSE' && this.#state !== 'TERMINATE') throw new ValueError('In unknown state');
    return op('Pool.join()', this.#join());
  }

  *#join(): Blocking {
    yield* this.#workerHandler.join();
    yield* this.#taskHandler.join();
    yield* this.#resultHandler.join();
    for (const p of this.#pool) yield* p.join();
  }

  /** Python's `with Pool() as p:`: runs `body`, then **terminates** the pool [MPP-13]. */
  with<T>(body: (pool: Pool) => Blocking<T>): Op<T> {
    this.#checkRunning();
    return op('Pool.with()', this.#with(body));
  }

  *#with<T>(body: (pool: Pool) => Blocking<T>): Blocking<T> {
    try {
      return yield* body(this);
    } finally {
      yield* this.terminate();
    }
  }

  [REDUCE](): unknown {
    throw new NotImplementedError('pool objects cannot be passed between processes or pickled');
  }

  toString(): string {
    return `<multiprocessing.pool.Pool state=${this.#state} pool_size=${this.#pool.length}>`;
  }
}

/** `result.get()`, the Op made when driven. */
function* getResult<T>(r: ApplyResult<T>): Blocking<T> {
  return yield* r.get();
}

/** `Pool._get_tasks`: `(func, chunk)` for each chunk of `size` items. */
function* getTasks(func: TaskFunction, it: Iterable<unknown>, size: number): Generator<[TaskFunction, unknown[]]> {
  if (size < 0) throw new ValueError('Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
  if (size === 0) return;
  const iter = it[Symbol.iterator]();
  for (;;) {
    const x: unknown[] = [];
    while (x.length < size) {
      const n = iter.next();
      if (n.done) break;
      x.push(n.value);
    }
    if (x.length === 0) return;
    yield [func, x];
  }
}

/** `Pool._guarded_task_generation`: an input that raises becomes a task that raises it. */
function* guardedTaskGeneration(job: number, func: TaskFunction, iterable: Iterable<unknown>): Generator<Task> {
  let i = -1;
  try {
    for (const x of iterable) {
      i++;
      yield [job, i, func, [x]];
    }
  } catch (e) {
    yield [job, i + 1, helperReraisesException, [e]];
  }
}

// ---- results --------------------------------------------------------------------------------------

/** `multiprocessing.pool.ApplyResult` (`AsyncResult`): what `applyAsync` returns. */
export class ApplyResult<T> implements Job {
  readonly job: number;
  protected readonly _event: Event;
  protected readonly _cache: PoolCache;
  protected readonly _callback: ((value: T) => unknown) | null;
  protected readonly _errorCallback: ((error: unknown) => unknown) | null;
  protected _success = false;
  protected _value: unknown = undefined;

  /** @internal made by the Pool. */
  constructor(
    cache: PoolCache,
    callback: ((value: T) => unknown) | null,
    errorCallback: ((error: unknown) => unknown) | null,
  ) {
    const k = kernel('ApplyResult()');
    this._event = new Event();
    this.job = nextJob(k);
    this._cache = cache;
    this._callback = callback;
    this._errorCallback = errorCallback;
    cache.set(this.job, this);
  }

  /** Whether the result has arrived (and its callback returned) [MPP-3, MPP-5]. */
  ready(): boolean {
    return this._event.isSet();
  }

  /** Whether the task returned normally; ValueError before it is ready [MPP-5]. */
  successful(): boolean {
    if (!this.ready()) throw new ValueError(`${this} not ready`);
    return this._success;
  }

  /** Waits until ready or `timeout` seconds; returns nothing either way [MPP-5]. */
  wait(timeout: Timeout = null): Op<void> {
    const ev = this._event;
    return op(
      'ApplyResult.wait()',
      (function* () {
        yield* ev.wait(timeout);
      })(),
    );
  }

  /**
   * The task's return value, or what it raised (with `cause` a RemoteTraceback); after
   * `timeout` seconds, `multiprocessing.TimeoutError` [MPP-4, MPP-5].
   */
  get(timeout: Timeout = null): Op<T> {
    return op('ApplyResult.get()', this.#get(timeout));
  }

  *#get(timeout: Timeout): Blocking<T> {
    yield* this._event.wait(timeout);
    if (!this.ready()) throw new TimeoutError();
    if (this._success) return this._value as T;
    throw this._value;
  }

  /** `_set`: the callback first, then ready, then out of the cache [MPP-2, MPP-3]. */
  *[SET](_i: number, obj: Outcome): Blocking {
    [this._success, this._value] = obj;
    if (this._callback !== null && this._success) yield* drive(this._callback(this._value as T));
    if (this._errorCallback !== null && !this._success) yield* drive(this._errorCallback(this._value));
    this._event.set();
    this._cache.delete(this.job);
  }

  toString(): string {
    return `<multiprocessing.pool.${this.constructor.name} object job=${this.job}>`;
  }
}

/** `multiprocessing.pool.MapResult`: what `mapAsync` and `starmapAsync` return. */
export class MapResult<T> extends ApplyResult<T[]> {
  readonly #chunksize: number;
  #numberLeft: number;

  /** @internal made by the Pool. */
  constructor(
    cache: PoolCache,
    chunksize: number,
    length: number,
    callback: ((value: T[]) => unknown) | null,
    errorCallback: ((error: unknown) => unknown) | null,
  ) {
    super(cache, callback, errorCallback);
    this._success = true;
    this._value = new Array<T | null>(length).fill(null);
    this.#chunksize = chunksize;
    if (chunksize <= 0) {
      this.#numberLeft = 0;
      this._event.set();
      this._cache.delete(this.job);
    } else {
      this.#numberLeft = Math.floor(length / chunksize) + (length % chunksize ? 1 : 0);
    }
  }

  /** A chunk arrived: the first failure to arrive wins; ready only when every chunk is in [MPP-7]. */
  override *[SET](i: number, [success, result]: Outcome): Blocking {
    this.#numberLeft--;
    if (success && this._success) {
      const chunk = result as T[];
      (this._value as T[]).splice(i * this.#chunksize, chunk.length, ...chunk);
      if (this.#numberLeft === 0) {
        if (this._callback !== null) yield* drive(this._callback(this._value as T[]));
        this._cache.delete(this.job);
        this._event.set();
      }
    } else {
      if (!success && this._success) {
        this._success = false;
        this._value = result;
      }
      if (this.#numberLeft === 0) {
        if (this._errorCallback !== null) yield* drive(this._errorCallback(this._value));
        this._cache.delete(this.job);
        this._event.set();
      }
    }
  }
}

/** What `imap` and `imapUnordered` return: `yield* it.next(timeout)` gives `{ value }`, then `{ done: true }`. */
export interface ResultIterator<T> {
  /** The next result; raises what its task raised, or TimeoutError after `timeout` seconds. */
  next(timeout?: Timeout): Op<IteratorResult<T, undefined>>;
  /** Every remaining result: Python's `list(it)`. */
  results(): Op<T[]>;
}

/** `multiprocessing.pool.IMapIterator`: results in input order. */
export class IMapIterator<T> implements Job, ResultIterator<T> {
  readonly job: number;
  protected readonly _cond: Condition;
  protected readonly _cache: PoolCache;
  protected readonly _items: Outcome[] = [];
  protected _index = 0;
  protected _length: number | null = null;
  protected readonly _unsorted = new Map<number, Outcome>();

  /** @internal made by the Pool. */
  constructor(cache: PoolCache) {
    const k = kernel('IMapIterator()');
    this._cond = new Condition({ lock: new Lock() });
    this.job = nextJob(k);
    this._cache = cache;
    cache.set(this.job, this);
  }

  next(timeout: Timeout = null): Op<IteratorResult<T, undefined>> {
    return op('IMapIterator.next()', this.#next(timeout));
  }

  *#next(timeout: Timeout): Blocking<IteratorResult<T, undefined>> {
    let item: Outcome | undefined;
    yield* this._cond.acquire();
    try {
      item = this._items.shift();
      if (item === undefined) {
        if (this._index === this._length) return { done: true, value: undefined };
        yield* this._cond.wait(timeout);
        item = this._items.shift();
        if (item === undefined) {
          if (this._index === this._length) return { done: true, value: undefined };
          throw new TimeoutError();
        }
      }
    } finally {
      this._cond.release();
    }
    const [success, value] = item;
    if (success) return { done: false, value: value as T };
    throw value;
  }

  results(): Op<T[]> {
    return op('IMapIterator.results()', collect(this));
  }

  *[SET](i: number, obj: Outcome): Blocking {
    yield* this._cond.acquire();
    try {
      if (this._index === i) {
        this._items.push(obj);
        this._index++;
        while (this._unsorted.has(this._index)) {
          this._items.push(this._unsorted.get(this._index) as Outcome);
          this._unsorted.delete(this._index);
          this._index++;
        }
        this._cond.notify();
      } else {
        this._unsorted.set(i, obj);
      }
      if (this._index === this._length) this._cache.delete(this.job);
    } finally {
      this._cond.release();
    }
  }

  /** `_set_length`, called by the task handler once the input is exhausted (internal). */
  *setLength(length: number): Blocking {
    yield* this._cond.acquire();
    try {
      this._length = length;
      if (this._index === this._length) {
        this._cond.notify();
        this._cache.delete(this.job);
      }
    } finally {
      this._cond.release();
    }
  }
}

/** `multiprocessing.pool.IMapUnorderedIterator`: results in completion order. */
export class IMapUnorderedIterator<T> extends IMapIterator<T> {
  override *[SET](_i: number, obj: Outcome): Blocking {
    yield* this._cond.acquire();
    try {
      this._items.push(obj);
      this._index++;
      this._cond.notify();
      if (this._index === this._length) this._cache.delete(this.job);
    } finally {
      this._cond.release();
    }
  }
}

/** `(item for chunk in result for item in chunk)`: what imap returns with `chunksize > 1` (no timeout). */
class ChunkIterator<T> implements ResultIterator<T> {
  #chunk: T[] = [];

  constructor(readonly source: IMapIterator<T[]>) {}

  next(): Op<IteratorResult<T, undefined>> {
    return op('generator.next()', this.#next());
  }

  *#next(): Blocking<IteratorResult<T, undefined>> {
    while (this.#chunk.length === 0) {
      const r = yield* this.source.next();
      if (r.done === true) return r;
      this.#chunk = [...r.value];
    }
    return { done: false, value: this.#chunk.shift() as T };
  }

  results(): Op<T[]> {
    return op('generator.results()', collect(this));
  }
}

function* collect<T>(it: ResultIterator<T>): Blocking<T[]> {
  const out: T[] = [];
  for (;;) {
    const r = yield* it.next();
    if (r.done === true) return out;
    out.push(r.value);
  }
}

for (const cls of [ApplyResult, IMapIterator]) markUnpicklable(cls, '_thread.lock');
