/**
 * `concurrent.futures.ProcessPoolExecutor`, written as CPython 3.11's
 * `Lib/concurrent/futures/process.py` writes it, on the multiprocessing models.
 *
 * The parts, under CPython's names:
 * - `submit` (under `_shutdown_lock`, which it holds while the manager thread's `start()`
 *   waits for it to begin, so it may block) files a `_WorkItem` in
 *   `_pending_work_items` under a new work id, puts the id on `_work_ids` (a `queue.Queue`),
 *   wakes the manager thread through `_ThreadWakeup` (a one-way Pipe) and, the first time,
 *   starts the workers and the manager. With the `fork` start method every one of the
 *   `maxWorkers` processes starts at that first submit (`_launch_processes`); with `spawn`
 *   a submit starts one only if no worker is idle (`_adjust_process_count` and the idle
 *   semaphore, which the manager releases after each result) [PPE-2].
 * - The workers (`ForkProcess-N`/`SpawnProcess-N`, not daemonic) run `_process_worker`:
 *   the initializer, then `_CallItem`s from the call queue, each result or exception sent
 *   back as a `_ResultItem` on the result queue (`_sendback_result`: a result that cannot
 *   be pickled is replaced by its pickling error [PPE-6]); `None` makes a worker put its pid
 *   and exit; with `maxTasksPerChild` a worker exits after that many tasks, naming itself
 *   in `exit_pid` [PPE-11]. An exception crosses as `_ExceptionWithTraceback`, rebuilt in
 *   the parent with the same type and a `cause` holding the worker's traceback [PPE-5].
 * - The call queue is a multiprocessing `Queue` of `maxWorkers + EXTRA_QUEUED_CALLS`
 *   slots (`_SafeQueue`), fed by the parent's `QueueFeederThread`; a call item that
 *   cannot be pickled fails its own future there (`_on_queue_feeder_error`) and the pool
 *   goes on [PPE-6]. The result queue is a multiprocessing `SimpleQueue`.
 * - The manager (`_ExecutorManagerThread`, a `Thread-N` of the parent) loops: move work
 *   items into the call queue while it has room, marking each future RUNNING as it goes in
 *   — so a future in the call queue can no longer be cancelled [PPE-8]; wait with
 *   `multiprocessing.connection.wait` on the result reader, the wakeup reader and every
 *   worker's sentinel; set the future of each result — so done-callbacks run in this
 *   thread of the parent; on shutdown, cancel what is pending if asked
 *   (`flag_executor_shutting_down`) [PPE-10], then send each worker a `None` and join
 *   everything (`join_executor_internals`). A sentinel ready with no result means a worker
 *   died: `terminate_broken` fails every running and pending future with one
 *   BrokenProcessPool, terminates the other workers, and later submits raise
 *   BrokenProcessPool [PPE-9]. A failing initializer ends its worker, so it breaks the pool
 *   the same way.
 * - `map` checks `chunksize` at the call [PPE-3], submits `_process_chunk` over chunks of
 *   the zipped inputs and chains the lists it gets back in order, so an exception fails its
 *   whole chunk [PPE-4]; the deadline is counted from the call, as Executor.map's [MAP-3].
 * - `_python_exit` is registered with `registerAtexit`: when the main thread's body
 *   returns, every manager is woken and joined, so pending work finishes and the workers
 *   are told to exit before the run ends.
 *
 * Two CPython 3.11.7 bugs follow from the algorithm and are kept, as both were checked on
 * that version. With `maxTasksPerChild > 1`, a worker that exits is replaced through
 * `_adjust_process_count`, which first takes an idle token released by an earlier result;
 * the pool can end with no worker and work pending, and hangs (here: a deadlock verdict).
 * A pool that breaks while a cancelled future is still pending calls `set_exception` on
 * it: InvalidStateError escapes the manager thread, and the run ends with that exception
 * verdict unless the excepthook is replaced.
 *
 * Costs: the manager thread spends `costs.poolStartup` when it starts (the pool's queues,
 * pipes and threads beyond its workers) and `shutdown(wait)` spends `costs.poolShutdown`
 * after joining it; the workers pay their own start and exit (multiprocessing/process.ts).
 *
 * Differs from CPython, on purpose:
 * - A message a worker wrote before it ended is readable a moment (`costs.ipcMessage`)
 *   after the write, but its sentinel is ready at once. In CPython the bytes are in the
 *   pipe before the process exits, so the manager reads the result first; here, when only
 *   sentinels are ready, the manager waits up to `costs.ipcMessage` for the result reader
 *   before calling the pool broken. Otherwise a worker leaving after `maxTasksPerChild`
 *   tasks would look like one that crashed.
 * - `shutdown_workers` retries a full call queue at once, in a loop; the model sleeps
 *   `costs.ipcMessage` between tries. Otherwise that loop would never end in virtual time.
 *   It cannot happen with the call queue's size, because the pool is only shut down once no
 *   work is pending.
 * - `terminate_broken` does not close the call queue's reader (a private part of the
 *   Queue model). Pipes here have no capacity, so the feeder never blocks on it.
 * - `shutdown` keeps its references to the queues and processes (CPython sets them to
 *   None). The weak reference from the manager to its executor is a plain one: nothing is
 *   garbage-collected.
 * - The idle-worker semaphore is a counter: it is only polled (`acquire(blocking=False)`)
 *   or released, never waited on.
 * - A local lambda that crosses fails with the pickle model's `PicklingError: Can't pickle
 *   local object`, where CPython raises AttributeError. An unpicklable result fails with
 *   `PicklingError: cannot pickle ...`, where CPython raises TypeError. The traceback text
 *   in `RemoteTraceback` is the exception's name and message only.
 * - `processes` (`_processes.values()`) and `startMethod` are concsim extensions for tests
 *   and scenarios. Keyword arguments of tasks are not modelled: pass an object.
 */
import type { Blocking } from '../../engine/index.ts';
import { computeTicks, type Kernel, kernel, type Op, op, RunLocal, toSeconds } from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { drive } from '../drive.ts';
import { AssertionError, RuntimeError, ValueError } from '../errors.ts';
import { AttributeError } from '../multiprocessing/errors.ts';
import { type Connection, Pipe, recvPickled, sendPickled, wait } from '../multiprocessing/pipe.ts';
import { contextProcess, getpid, type Process, Sentinel } from '../multiprocessing/process.ts';
import { pyRepr } from '../multiprocessing/py-repr.ts';
import { Queue as MpQueue, SimpleQueue as MpSimpleQueue } from '../multiprocessing/queue.ts';
import { getStartMethod, type StartMethod } from '../multiprocessing/start-method.ts';
import { pickle, REDUCE } from '../pickle.ts';
import { Empty, Full, Queue } from '../queue.ts';
import { Lock, type NameOptions } from '../threading/lock.ts';
import { isShuttingDown, registerAtexit, Thread } from '../threading/thread.ts';
import { sleep } from '../time.ts';
import { BrokenProcessPool, RemoteTraceback } from './errors.ts';
import {
  checkIterables,
  Executor,
  type MapOptions,
  mapDeadline,
  ResultIterator,
  type ShutdownOptions,
  splitMapArgs,
  type Task,
  type TaskResult,
  zip,
} from './executor.ts';
import { type AnyFuture, Future } from './future.ts';
import { log } from './log.ts';

/** How many more calls than processes the call queue holds. */
export const EXTRA_QUEUED_CALLS = 1;

// ---- the module's globals -----------------------------------------------------------------------

/** `_global_shutdown` and `_threads_wakeups`, per run. */
interface ModuleState {
  globalShutdown: boolean;
  readonly threadsWakeups: [Thread, ThreadWakeup][];
}

/** The first use in a run "imports" the module, registering `_python_exit`. */
const MODULE = new RunLocal<ModuleState>(() => {
  const m: ModuleState = { globalShutdown: false, threadsWakeups: [] };
  if (isShuttingDown()) m.globalShutdown = true;
  else registerAtexit(() => pythonExit(m));
  return m;
});

/** `_python_exit`: run by the main thread once its body has returned. */
function* pythonExit(s: ModuleState): Blocking {
  s.globalShutdown = true;
  const items = [...s.threadsWakeups];
  const k = kernel();
  if (k.tracing) k.emit('executor.python-exit', null, { managers: items.length });
  for (const [, w] of items) w.wakeup();
  for (const [t] of items) yield* t.join();
}

/** `''.join(format_exception(e))`, as far as the model knows it. */
function formatException(e: unknown, where: string): string {
  const line = e instanceof Error ? (e.message ? `${e.name}: ${e.message}` : e.name) : pyRepr(e);
  return `Traceback (most recent call last):\n  File "${where}"\n${line}\n`;
}

/** Sets Python's `__cause__`. */
function setCause(e: unknown, cause: unknown): void {
  if (e !== null && typeof e === 'object') {
    Object.defineProperty(e, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  }
}

// ---- what crosses between the processes ------------------------------------------------------------

/** `_ThreadWakeup`: a one-way pipe that submit, shutdown and `_python_exit` write to wake the manager. */
class ThreadWakeup {
  closed = false;
  readonly reader: Connection;
  readonly writer: Connection;

  constructor() {
    [this.reader, this.writer] = Pipe(false);
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.writer.close();
      this.reader.close();
    }
  }

  /** `send_bytes(b"")`: a plain write. */
  wakeup(): void {
    if (!this.closed) sendPickled(this.writer, pickle(new Uint8Array(0)));
  }

  /** Reads every wake-up there is, without waiting. */
  *clear(): Blocking {
    if (!this.closed) {
      while (yield* this.reader.poll()) yield* recvPickled(this.reader);
    }
  }
}

/** `_WorkItem`: stays in the parent. */
class WorkItem {
  constructor(
    readonly future: AnyFuture,
    readonly fn: Task,
    readonly args: readonly unknown[],
  ) {}
}

/** `_CallItem`: what the call queue carries to a worker. */
class CallItem {
  constructor(
    readonly workId: number,
    readonly fn: Task,
    readonly args: readonly unknown[],
  ) {}
}

/**
 * `_ResultItem`: what a worker sends back. `raised` stands for Python's truth test of
 * `exception`, as JavaScript can throw falsy values.
 */
class ResultItem {
  constructor(
    readonly workId: number,
    readonly raised: boolean,
    readonly exception: unknown,
    readonly result: unknown,
    readonly exitPid: number | null,
  ) {}
}

/**
 * `_ExceptionWithTraceback`: pickling it gives `_rebuild_exc(exc, tb)`, a copy of the
 * exception whose `cause` is a RemoteTraceback [PPE-5].
 */
class ExceptionWithTraceback {
  readonly tb: string;
  constructor(
    readonly exc: unknown,
    where: string,
  ) {
    this.tb = `\n"""\n${formatException(exc, where)}"""`;
  }

  [REDUCE](): unknown {
    const e = this.exc;
    if (!(e instanceof Error)) return e;
    const out = Object.create(Object.getPrototypeOf(e)) as Error;
    for (const key of Object.getOwnPropertyNames(e)) {
      Object.defineProperty(out, key, Object.getOwnPropertyDescriptor(e, key) as PropertyDescriptor);
    }
    setCause(out, new RemoteTraceback(this.tb));
    return out;
  }
}

/** `_SafeQueue`: a call item that cannot be pickled fails its own future [PPE-6]. */
class SafeQueue extends MpQueue<CallItem | null> {
  constructor(
    maxSize: number,
    readonly pendingWorkItems: Map<number, WorkItem>,
    readonly shutdownLock: Lock,
    readonly threadWakeup: ThreadWakeup,
    name: string,
  ) {
    super(maxSize, { name });
  }

  protected override *_onQueueFeederError(e: unknown, obj: unknown): Blocking {
    if (obj instanceof CallItem) {
      setCause(e, new RemoteTraceback(`\n"""\n${formatException(e, 'multiprocessing/queues.py, in _feed')}"""`));
      const workItem = this.pendingWorkItems.get(obj.workId);
      this.pendingWorkItems.delete(obj.workId);
      yield* this.shutdownLock.acquire();
      try {
        this.threadWakeup.wakeup();
      } finally {
        this.shutdownLock.release();
      }
      // work_item can be missing if another process terminated: the manager fails it.
      if (workItem !== undefined) yield* workItem.future.setException(e);
    } else {
      super._onQueueFeederError(e, obj);
    }
  }
}

// ---- code run by the worker processes -------------------------------------------------------------

/** `_process_chunk(fn, chunk)`: `[fn(*args) for args in chunk]`, each call driven if it blocks. */
function* _process_chunk(fn: Task, chunk: readonly (readonly unknown[])[]): Blocking<unknown[]> {
  const out: unknown[] = [];
  for (const args of chunk) out.push(yield* drive(fn(...args)));
  return out;
}

/** `_sendback_result`: a result that cannot be pickled is replaced by its error. */
function* sendbackResult(
  resultQueue: MpSimpleQueue<ResultItem | number>,
  workId: number,
  raised: boolean,
  exception: unknown,
  result: unknown,
  exitPid: number | null,
): Blocking {
  try {
    yield* resultQueue.put(new ResultItem(workId, raised, exception, result, exitPid));
  } catch (e) {
    const exc = new ExceptionWithTraceback(e, 'concurrent/futures/process.py, in _sendback_result');
    yield* resultQueue.put(new ResultItem(workId, true, exc, undefined, exitPid));
  }
}

/** `_process_worker`: the loop each worker process runs. */
function* _process_worker(
  callQueue: SafeQueue,
  resultQueue: MpSimpleQueue<ResultItem | number>,
  initializer: Task | null,
  initargs: readonly unknown[],
  maxTasks: number | null,
): Blocking {
  if (initializer !== null) {
    try {
      yield* drive(initializer(...initargs));
    } catch (e) {
      log('CRITICAL', 'Exception in initializer:', e, null);
      // The parent will notice that the process stopped and mark the pool broken.
      return;
    }
  }
  let numTasks = 0;
  let exitPid: number | null = null;
  for (;;) {
    const callItem = yield* callQueue.get(true);
    if (callItem === null) {
      // Wake up the queue management thread.
      yield* resultQueue.put(getpid());
      return;
    }
    if (maxTasks !== null) {
      numTasks++;
      if (numTasks >= maxTasks) exitPid = getpid();
    }
    let r: unknown;
    try {
      const fn = callItem.fn;
      if (typeof fn !== 'function') throw new TypeError(`'${pyTypeName(fn)}' object is not callable`);
      r = yield* drive(fn(...callItem.args));
    } catch (e) {
      const exc = new ExceptionWithTraceback(e, `<worker>, in ${callItem.fn?.name || '<lambda>'}`);
      yield* sendbackResult(resultQueue, callItem.workId, true, exc, undefined, exitPid);
      if (exitPid !== null) return;
      continue;
    }
    yield* sendbackResult(resultQueue, callItem.workId, false, null, r, exitPid);
    if (exitPid !== null) return;
  }
}

// ---- the manager thread --------------------------------------------------------------------------

/** The executor's state that its manager thread reads and writes (Python's executor attributes). */
interface Shared {
  readonly label: string;
  readonly module: ModuleState;
  readonly maxWorkers: number;
  readonly method: StartMethod;
  /** `_safe_to_dynamically_spawn_children`: not fork. */
  readonly safeToSpawn: boolean;
  readonly initializer: Task | null;
  readonly initargs: readonly unknown[];
  readonly maxTasksPerChild: number | null;
  /** `_processes`: pid → process, in start order. */
  readonly processes: Map<number, Process>;
  /** `_shutdown_thread`. */
  shutdownThread: boolean;
  readonly shutdownLock: Lock;
  /** `_idle_worker_semaphore`'s value. */
  idle: number;
  broken: string | false;
  queueCount: number;
  readonly pendingWorkItems: Map<number, WorkItem>;
  cancelPendingFutures: boolean;
  readonly wakeup: ThreadWakeup;
  readonly callQueue: SafeQueue;
  readonly resultQueue: MpSimpleQueue<ResultItem | number>;
  readonly workIds: Queue<number>;
}

/** `_adjust_process_count`: start a worker unless one is idle, up to maxWorkers. Under `_shutdown_lock`. */
function adjustProcessCount(s: Shared): void {
  // If there's an idle process, we don't need to spawn a new one.
  if (s.idle > 0) {
    s.idle--;
    return;
  }
  if (s.processes.size < s.maxWorkers) spawnProcess(s);
}

/** `_spawn_process`. */
function spawnProcess(s: Shared): void {
  const Ctx = contextProcess(s.method);
  const p = new Ctx({
    target: _process_worker,
    args: [s.callQueue, s.resultQueue, s.initializer, s.initargs, s.maxTasksPerChild],
  });
  p.start();
  s.processes.set(p.pid as number, p);
  const k = kernel();
  if (k.tracing) k.emit('executor.worker', s.label, { process: p.name, pid: p.pid, workers: s.processes.size });
}

type WaitResult = readonly [ResultItem | number | null, boolean, string | null];

/** `_ExecutorManagerThread`: moves work to the workers and results to the futures. */
class ExecutorManagerThread extends Thread {
  readonly #s: Shared;
  /** The manager's own `pending_work_items`: `flag_executor_shutting_down` rebinds it. */
  #pending: Map<number, WorkItem>;

  constructor(s: Shared) {
    super();
    this.#s = s;
    this.#pending = s.pendingWorkItems;
  }

  override *run(): Blocking {
    const s = this.#s;
    // The pool's set-up beyond its workers (queues, pipes, this thread): `poolStartup`.
    const setup = kernel().costs.poolStartup;
    if (setup > 0) yield* computeTicks(setup);
    for (;;) {
      yield* this.#addCallItemToQueue();
      const [resultItem, isBroken, cause] = yield* this.#waitResultBrokenOrWakeup();
      if (isBroken) {
        yield* this.#terminateBroken(cause);
        return;
      }
      if (resultItem !== null) {
        yield* this.#processResultItem(resultItem);
        if (typeof resultItem === 'number') throw new AttributeError("'int' object has no attribute 'exit_pid'");
        const exitPid = resultItem.exitPid;
        if (exitPid !== null) {
          const p = s.processes.get(exitPid) as Process;
          s.processes.delete(exitPid);
          yield* p.join();
          yield* s.shutdownLock.acquire();
          try {
            adjustProcessCount(s);
          } finally {
            s.shutdownLock.release();
          }
        } else {
          s.idle++;
        }
      }
      if (this.#isShuttingDown()) {
        yield* this.#flagExecutorShuttingDown();
        // With only cancelled futures pending, the next wait would hang forever.
        yield* this.#addCallItemToQueue();
        // No new work item can be added: with none pending, this thread can end.
        if (this.#pending.size === 0) {
          yield* this.#joinExecutorInternals();
          return;
        }
      }
    }
  }

  /** `add_call_item_to_queue`: fills the call queue; a future becomes RUNNING as it goes in [PPE-8]. */
  *#addCallItemToQueue(): Blocking {
    const s = this.#s;
    for (;;) {
      if (s.callQueue.full()) return;
      let workId: number;
      try {
        workId = s.workIds.getNowait();
      } catch (e) {
        if (e instanceof Empty) return;
        throw e;
      }
      const workItem = this.#pending.get(workId) as WorkItem;
      if (workItem.future.setRunningOrNotifyCancel()) {
        yield* s.callQueue.put(new CallItem(workId, workItem.fn, workItem.args), true);
      } else {
        this.#pending.delete(workId);
      }
    }
  }

  /** `wait_result_broken_or_wakeup`. */
  *#waitResultBrokenOrWakeup(): Blocking<WaitResult> {
    const s = this.#s;
    const k = kernel();
    const resultReader = s.resultQueue.reader;
    if (s.wakeup.closed) throw new AssertionError();
    const wakeupReader = s.wakeup.reader;
    const sentinels = [...s.processes.values()].map((p) => p.sentinel);
    let ready: (Connection | Sentinel)[] = yield* wait([resultReader, wakeupReader, ...sentinels]);
    if (!ready.includes(resultReader) && ready.some((x) => x instanceof Sentinel)) {
      // What a worker wrote before it ended is readable before its sentinel (see above).
      const grace = toSeconds(Math.max(Math.round(k.costs.ipcMessage), 1));
      if ((yield* wait([resultReader], grace)).length > 0) ready = [...ready, resultReader];
    }
    let cause: string | null = null;
    let isBroken = true;
    let resultItem: ResultItem | number | null = null;
    if (ready.includes(resultReader)) {
      try {
        resultItem = (yield* resultReader.recv()) as ResultItem | number;
        isBroken = false;
      } catch (e) {
        cause = formatException(e, 'concurrent/futures/process.py, in wait_result_broken_or_wakeup');
      }
    } else if (ready.includes(wakeupReader)) {
      isBroken = false;
    }
    yield* s.wakeup.clear();
    return [resultItem, isBroken, cause];
  }

  /** `process_result_item`: a worker's pid (it exited on a `None`), or a result for its future. */
  *#processResultItem(resultItem: ResultItem | number): Blocking {
    const s = this.#s;
    if (typeof resultItem === 'number') {
      // Clean shutdown of a worker using its pid (avoids marking the executor broken).
      if (!this.#isShuttingDown()) throw new AssertionError();
      const p = s.processes.get(resultItem) as Process;
      s.processes.delete(resultItem);
      yield* p.join();
      if (s.processes.size === 0) yield* this.#joinExecutorInternals();
      return;
    }
    const workItem = this.#pending.get(resultItem.workId);
    this.#pending.delete(resultItem.workId);
    // The work item can be gone if another process terminated.
    if (workItem !== undefined) {
      if (resultItem.raised) yield* workItem.future.setException(resultItem.exception);
      else yield* workItem.future.setResult(resultItem.result);
    }
  }

  /** `is_shutting_down`. */
  #isShuttingDown(): boolean {
    return this.#s.module.globalShutdown || this.#s.shutdownThread;
  }

  /** `terminate_broken`: every running and pending future fails with one BrokenProcessPool [PPE-9]. */
  *#terminateBroken(cause: string | null): Blocking {
    const s = this.#s;
    const k = kernel();
    s.broken = 'A child process terminated abruptly, the process pool is not usable anymore';
    s.shutdownThread = true;
    if (k.tracing) k.emit('executor.broken', s.label, { pending: this.#pending.size });
    const bpe = new BrokenProcessPool(
      'A process in the process pool was terminated abruptly while the future was running or pending.',
    );
    if (cause !== null) setCause(bpe, new RemoteTraceback(`\n'''\n${cause}'''`));
    for (const [, workItem] of this.#pending) yield* workItem.future.setException(bpe);
    this.#pending.clear();
    // Terminate the remaining workers: the queues or their locks may be in a dirty state.
    for (const p of s.processes.values()) p.terminate();
    yield* this.#joinExecutorInternals();
  }

  /** `flag_executor_shutting_down`: cancels the pending futures once, if asked [PPE-10]. */
  *#flagExecutorShuttingDown(): Blocking {
    const s = this.#s;
    s.shutdownThread = true;
    if (s.cancelPendingFutures) {
      const newPending = new Map<number, WorkItem>();
      for (const [workId, workItem] of this.#pending) {
        if (!(yield* workItem.future.cancel())) newPending.set(workId, workItem);
      }
      this.#pending = newPending;
      for (;;) {
        try {
          s.workIds.getNowait();
        } catch (e) {
          if (e instanceof Empty) break;
          throw e;
        }
      }
      s.cancelPendingFutures = false;
    }
  }

  /** `shutdown_workers`: one `None` per live worker. */
  *#shutdownWorkers(): Blocking {
    const s = this.#s;
    const k = kernel();
    const alive = () => [...s.processes.values()].filter((p) => p.isAlive()).length;
    const nChildrenToStop = alive();
    let nSentinelsSent = 0;
    while (nSentinelsSent < nChildrenToStop && alive() > 0) {
      for (let i = nSentinelsSent; i < nChildrenToStop; i++) {
        try {
          yield* s.callQueue.putNowait(null);
          nSentinelsSent++;
        } catch (e) {
          if (e instanceof Full) break;
          throw e;
        }
      }
      if (nSentinelsSent < nChildrenToStop) yield* sleep(toSeconds(Math.max(Math.round(k.costs.ipcMessage), 1)));
    }
  }

  /** `join_executor_internals`. */
  *#joinExecutorInternals(): Blocking {
    const s = this.#s;
    yield* this.#shutdownWorkers();
    // Release the queue's resources as soon as possible.
    s.callQueue.close();
    yield* s.callQueue.joinThread();
    yield* s.shutdownLock.acquire();
    try {
      s.wakeup.close();
    } finally {
      s.shutdownLock.release();
    }
    for (const p of s.processes.values()) yield* p.join();
  }
}

// ---- the executor ---------------------------------------------------------------------------------

/**
 * Keyword arguments of `ProcessPoolExecutor(max_workers=None, mp_context=None, initializer=None,
 * initargs=(), max_tasks_per_child=None)`.
 */
export interface ProcessPoolExecutorOptions extends NameOptions {
  /** Default: the core count (`os.cpu_count()`) [PPE-1]. */
  readonly maxWorkers?: number | null;
  /**
   * The start method of the workers (`mp_context`); default: the run's
   * (`getStartMethod()`), or `spawn` when `maxTasksPerChild` is given [PPE-1].
   */
  readonly mpContext?: StartMethod | null;
  /** Called in each worker before its first task; if it raises, the pool breaks. */
  readonly initializer?: Task | null;
  readonly initargs?: readonly unknown[];
  /** A worker exits after this many tasks and a fresh one replaces it; not with `fork` [PPE-1] [PPE-11]. */
  readonly maxTasksPerChild?: number | null;
}

/** `ProcessPoolExecutor.map`'s options: `chunksize` must be >= 1 [PPE-3]. */
export interface ProcessPoolMapOptions extends MapOptions {
  /** Items sent to a worker at a time (default 1); a failure fails the whole chunk [PPE-4]. */
  readonly chunksize?: number;
}

/** `itertools.repeat(x)`. */
function* repeat<T>(x: T): Generator<T, void, unknown> {
  for (;;) yield x;
}

/** `_get_chunks(*iterables, chunksize)`: lists of `chunksize` argument lists of the zipped inputs. */
function* getChunks(iterables: readonly Iterable<unknown>[], chunksize: number): Generator<unknown[][], void, unknown> {
  const it = zip(iterables);
  for (;;) {
    const chunk: unknown[][] = [];
    while (chunk.length < chunksize) {
      const r = it.next();
      if (r.done === true) break;
      chunk.push(r.value);
    }
    if (chunk.length === 0) return;
    yield chunk;
  }
}

/**
 * `concurrent.futures.ProcessPoolExecutor`: runs tasks in worker processes (their own GIL each),
 * through a call queue and a result queue as CPython does.
 */
export class ProcessPoolExecutor extends Executor {
  /** Names the pool in traces and its internal objects. */
  readonly label: string;
  readonly #s: Shared;
  /** `_executor_manager_thread`: null before the first submit and after `shutdown`. */
  #manager: Thread | null = null;
  /** `_executor_manager_thread_wakeup` and `_result_queue`, as `shutdown` drops them. */
  #wakeupRef: ThreadWakeup | null;
  #resultQueueRef: MpSimpleQueue<ResultItem | number> | null;

  /**
   * `ProcessPoolExecutor(max_workers=None, mp_context=None, initializer=None, initargs=(),
   * *, max_tasks_per_child=None)`: `new ProcessPoolExecutor(4)`, or with an options object,
   * first or second. ValueError for `maxWorkers <= 0`, for `maxTasksPerChild <= 0` and for
   * `maxTasksPerChild` with `mpContext: 'fork'`; TypeError for a non-callable initializer
   * or a non-integer `maxTasksPerChild` [PPE-1]. No process starts before the first submit.
   */
  constructor(maxWorkers?: number | null | ProcessPoolExecutorOptions, o: ProcessPoolExecutorOptions = {}) {
    super();
    const k = kernel('ProcessPoolExecutor()');
    const opts: ProcessPoolExecutorOptions =
      typeof maxWorkers === 'object' && maxWorkers !== null ? maxWorkers : { ...o, maxWorkers: maxWorkers ?? null };
    let max = opts.maxWorkers ?? null;
    if (max === null) max = k.cpu.cores;
    else {
      if (typeof max !== 'number') {
        throw new TypeError(`'<=' not supported between instances of '${pyTypeName(max)}' and 'int'`);
      }
      if (max <= 0) throw new ValueError('max_workers must be greater than 0');
    }
    const maxTasksPerChild = opts.maxTasksPerChild ?? null;
    let method = opts.mpContext ?? null;
    if (method === null) method = maxTasksPerChild !== null ? 'spawn' : (getStartMethod() as StartMethod);
    else if (method !== 'fork' && method !== 'spawn') throw new ValueError(`cannot find context for ${pyRepr(method)}`);
    const initializer = opts.initializer ?? null;
    if (initializer !== null && typeof initializer !== 'function') {
      throw new TypeError('initializer must be a callable');
    }
    if (maxTasksPerChild !== null) {
      if (!Number.isInteger(maxTasksPerChild)) throw new TypeError('max_tasks_per_child must be an integer');
      if (maxTasksPerChild <= 0) throw new ValueError('max_tasks_per_child must be >= 1');
      if (method === 'fork') {
        throw new ValueError(
          "max_tasks_per_child is incompatible with the 'fork' multiprocessing start method; " +
            'supply a different mp_context.',
        );
      }
    }
    const module = k.local(MODULE);
    this.label = opts.name ?? k.label('ProcessPoolExecutor');
    const shutdownLock = new Lock({ name: `${this.label}._shutdown_lock` });
    const pendingWorkItems = new Map<number, WorkItem>();
    const wakeup = new ThreadWakeup();
    // Slightly more slots than processes, so workers do not idle; few, as queued calls cannot be cancelled.
    const callQueue = new SafeQueue(
      max + EXTRA_QUEUED_CALLS,
      pendingWorkItems,
      shutdownLock,
      wakeup,
      `${this.label}._call_queue`,
    );
    // Killed workers can make the feeder's sends fail; they are noticed anyway.
    callQueue._ignoreEpipe = true;
    const resultQueue = new MpSimpleQueue<ResultItem | number>({ name: `${this.label}._result_queue` });
    this.#s = {
      label: this.label,
      module,
      maxWorkers: max,
      method,
      safeToSpawn: method !== 'fork',
      initializer,
      initargs: opts.initargs ?? [],
      maxTasksPerChild,
      processes: new Map(),
      shutdownThread: false,
      shutdownLock,
      idle: 0,
      broken: false,
      queueCount: 0,
      pendingWorkItems,
      cancelPendingFutures: false,
      wakeup,
      callQueue,
      resultQueue,
      workIds: new Queue<number>(0, { name: `${this.label}._work_ids` }),
    };
    this.#wakeupRef = wakeup;
    this.#resultQueueRef = resultQueue;
  }

  /** `_max_workers`. */
  get maxWorkers(): number {
    return this.#s.maxWorkers;
  }

  /** The workers' start method (`_mp_context.get_start_method()`; concsim extension). */
  get startMethod(): StartMethod {
    return this.#s.method;
  }

  /** The worker processes the pool holds now, in start order (`_processes.values()`; concsim extension). */
  get processes(): readonly Process[] {
    return [...this.#s.processes.values()];
  }

  /**
   * Schedules `fn(...args)` in a worker process and returns its Future. Nothing is pickled
   * here: what cannot cross fails the future, not the call [PPE-6]. RuntimeError after
   * `shutdown` [PPE-7] or once the main thread has ended; BrokenProcessPool once a worker
   * died [PPE-9]. The first call starts the manager thread and, with `fork`, every worker
   * [PPE-2].
   */
  submit<F extends Task>(fn: F, ...args: Parameters<F>): Op<Future<TaskResult<ReturnType<F>>>> {
    return op('ProcessPoolExecutor.submit()', this.#submit(kernel('ProcessPoolExecutor.submit()'), fn, args));
  }

  *#submit<R>(k: Kernel, fn: Task, args: readonly unknown[]): Blocking<Future<R>> {
    const s = this.#s;
    yield* s.shutdownLock.acquire();
    try {
      if (s.broken !== false) throw new BrokenProcessPool(s.broken);
      if (s.shutdownThread) throw new RuntimeError('cannot schedule new futures after shutdown');
      if (s.module.globalShutdown) throw new RuntimeError('cannot schedule new futures after interpreter shutdown');
      const f = new Future<R>();
      if (k.tracing) k.emit('executor.submit', this.label, { future: f.label, workId: s.queueCount });
      s.pendingWorkItems.set(s.queueCount, new WorkItem(f, fn, args));
      s.workIds.putNowait(s.queueCount);
      s.queueCount++;
      // Wake up the queue management thread.
      this.#wakeupRef?.wakeup();
      if (s.safeToSpawn) adjustProcessCount(s);
      yield* this.#startExecutorManagerThread();
      return f;
    } finally {
      s.shutdownLock.release();
    }
  }

  /** `_start_executor_manager_thread`: with fork, every worker first, so their sentinels are known. */
  *#startExecutorManagerThread(): Blocking {
    const s = this.#s;
    if (this.#manager === null) {
      if (!s.safeToSpawn) this.#launchProcesses();
      const t = new ExecutorManagerThread(s);
      this.#manager = t;
      yield* t.start();
      s.module.threadsWakeups.push([t, s.wakeup]);
    }
  }

  /** `_launch_processes`: forks every worker before the manager thread starts. */
  #launchProcesses(): void {
    const s = this.#s;
    if (this.#manager !== null) {
      throw new AssertionError(
        'Processes cannot be fork()ed after the thread has started, deadlock in the child processes could result.',
      );
    }
    for (let i = s.processes.size; i < s.maxWorkers; i++) spawnProcess(s);
  }

  /**
   * `map(fn, *iterables, timeout=None, chunksize=1)`: ValueError at once for
   * `chunksize < 1` [PPE-3]; then `fn` runs over chunks of the zipped inputs, each chunk a
   * task, and the results come back in input order. An exception fails its whole chunk:
   * iteration stops after the previous chunk [PPE-4]. Options go last:
   * `ex.map(fn, xs, { chunksize: 2, timeout: 5 })`.
   */
  override map<A, R>(fn: (a: A) => R, a: Iterable<A>, o?: ProcessPoolMapOptions): Op<ResultIterator<TaskResult<R>>>;
  override map<A, B, R>(
    fn: (a: A, b: B) => R,
    a: Iterable<A>,
    b: Iterable<B>,
    o?: ProcessPoolMapOptions,
  ): Op<ResultIterator<TaskResult<R>>>;
  override map<A, B, C, R>(
    fn: (a: A, b: B, c: C) => R,
    a: Iterable<A>,
    b: Iterable<B>,
    c: Iterable<C>,
    o?: ProcessPoolMapOptions,
  ): Op<ResultIterator<TaskResult<R>>>;
  override map(fn: Task, ...iterables: (Iterable<unknown> | ProcessPoolMapOptions)[]): Op<ResultIterator<unknown>>;
  // biome-ignore lint/suspicious/noExplicitAny: the overloads above give the result type
  override map(fn: Task, ...rest: (Iterable<unknown> | ProcessPoolMapOptions | undefined)[]): Op<ResultIterator<any>> {
    kernel('ProcessPoolExecutor.map()');
    const [o, iterables] = splitMapArgs<ProcessPoolMapOptions>(rest);
    const chunksize = o.chunksize ?? 1;
    if (typeof chunksize !== 'number') {
      throw new TypeError(`'<' not supported between instances of '${pyTypeName(chunksize)}' and 'int'`);
    }
    if (chunksize < 1) throw new ValueError('chunksize must be >= 1.');
    checkIterables(iterables);
    const chunks = getChunks(iterables, chunksize);
    return op('ProcessPoolExecutor.map()', this.#map(fn, chunks, mapDeadline(o.timeout)));
  }

  *#map(fn: Task, chunks: Iterable<unknown>, endTime: number | null): Blocking<ResultIterator<unknown>> {
    const results = yield* this.submitAll(_process_chunk, [repeat(fn), chunks], endTime);
    return new ChainIterator(results as ResultIterator<unknown[]>);
  }

  /**
   * Shuts the pool: later submits raise [PPE-7]. With `cancelFutures`, the manager thread
   * cancels the futures not yet in the call queue (their callbacks run there); the others
   * complete [PPE-10]. With `wait` (default), returns once the manager and every worker
   * have ended. Calling it again does no harm; it only waits if the first call did not
   * (CPython forgets the manager thread after the first call).
   */
  shutdown(o: ShutdownOptions = {}): Op<void> {
    return op('ProcessPoolExecutor.shutdown()', this.#shutdownImpl(o.wait ?? true, o.cancelFutures ?? false));
  }

  *#shutdownImpl(wait: boolean, cancelFutures: boolean): Blocking {
    const k = kernel();
    const s = this.#s;
    yield* s.shutdownLock.acquire();
    try {
      s.cancelPendingFutures = cancelFutures;
      s.shutdownThread = true;
      if (k.tracing) k.emit('executor.shutdown', this.label, { wait, cancelFutures });
      // Wake up the queue management thread.
      this.#wakeupRef?.wakeup();
    } finally {
      s.shutdownLock.release();
    }
    if (this.#manager !== null && wait) {
      yield* this.#manager.join();
      const teardown = k.costs.poolShutdown; // closing queues and pipes, joining the feeder
      if (teardown > 0) yield* computeTicks(teardown);
    }
    this.#manager = null;
    if (this.#resultQueueRef !== null && wait) this.#resultQueueRef.close();
    this.#resultQueueRef = null;
    this.#wakeupRef = null;
  }
}

/**
 * `_chain_from_iterable_of_lists(results)`: the generator `ProcessPoolExecutor.map`
 * returns, taking each chunk's list from Executor.map's iterator and yielding its items.
 * `close()` closes the chunk iterator too, cancelling the futures not yet taken [MAP-7].
 */
class ChainIterator<R> extends ResultIterator<R> {
  readonly #results: ResultIterator<R[]>;
  /** The current chunk, reversed, as CPython pops from its end. */
  #element: R[] = [];

  constructor(results: ResultIterator<R[]>) {
    super([], null);
    this.#results = results;
  }

  /** Only a suspended chain has a started chunk iterator to close (one never started, or done, has none left). */
  protected override *onClose(): Blocking {
    yield* this.#results.close();
  }

  protected override *step(): Blocking<IteratorResult<R, undefined>> {
    while (this.#element.length === 0) {
      const r = yield* this.#results.next();
      if (r.done === true) return { done: true, value: undefined };
      this.#element = [...r.value].reverse();
    }
    return { done: false, value: this.#element.pop() as R };
  }
}
