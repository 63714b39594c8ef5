/**
 * `multiprocessing.Queue`, `JoinableQueue` and `SimpleQueue`, written as CPython 3.11's
 * `Lib/multiprocessing/queues.py` writes them, on a one-way `Pipe`.
 *
 * `Queue.put` takes a slot of a bounded semaphore (`maxsize`; Full when it cannot), then
 * appends the object to a buffer of the putting process and wakes that process's feeder
 * thread, `QueueFeederThread` (a daemon thread started at the first put). The feeder
 * pickles each object (CPU time in the putting process) and writes it to the pipe, where
 * it becomes readable `costs.ipcMessage` ticks later. So `put` returns before the object
 * is pickled, and an object that cannot be pickled is not raised by `put`: the feeder
 * reports it (`_onQueueFeederError`: a `queue.feeder-error` trace record, where Python
 * prints the traceback), frees its slot and drops it. `get` takes the queue's read lock,
 * waits for a message (Empty after `timeout`, or at once with `block=false`), frees a
 * slot and unpickles (CPU time in the getting process) after releasing the lock. Each
 * process has its own buffer and feeder, as after Python's `_after_fork`; when a child
 * process exits, its feeders are flushed and joined first (`util.Finalize`), so what it
 * put is not lost.
 *
 * `SimpleQueue` is the locked pipe without buffer or feeder: `put` pickles in the caller.
 *
 * Both cross to a child only as it starts (`Process` arguments); pickling them any other
 * time (a Pool task's arguments, an item of another queue) raises Python's
 * `RuntimeError: Queue objects should only be shared between processes through inheritance`.
 *
 * Differs from CPython, on purpose:
 * - The feeder thread starts without the first `put` waiting for its `_started`
 *   (`startNoWait`), where CPython's `_start_thread` calls `Thread.start()`, which waits.
 *   No program can tell: that `put` holds `_notempty` (taken here with no scheduling
 *   point), and the feeder's first step blocks on it, so all the wait would allow is
 *   other threads running before a `put` whose effects they cannot see yet.
 * - `getNowait`, `putNowait`, JoinableQueue's `taskDone` and SimpleQueue's `put`/`get` are
 *   Ops (`yield*`), since they take process-shared locks or pay for (un)pickling.
 * - The pipe has no capacity, so a child never blocks at exit flushing a full pipe (the
 *   "joining processes that use queues" deadlock of the docs cannot happen here).
 * - A negative `timeout` polls, as the semaphore and `poll` of CPython treat it; a
 *   non-number raises TypeError.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op, type SimProcess, toSeconds, toTicks } from '../../engine/index.ts';
import { drive } from '../drive.ts';
import { ValueError } from '../errors.ts';
import { dumps, loads, type Pickled, REDUCE } from '../pickle.ts';
import { Full, newEmpty } from '../queue.ts';
import { Condition } from '../threading/condition.ts';
import { Lock, lockNow } from '../threading/lock.ts';
import { BoundedSemaphore, Semaphore } from '../threading/semaphore.ts';
import { Thread } from '../threading/thread.ts';
import { checkTimeoutType, type Timeout } from '../threading/timeout.ts';
import { AssertionError } from './errors.ts';
import { type Connection, Pipe, READY, recvPickled, sendPickled, wait } from './pipe.ts';
import { type Finalizer, registerFinalizer } from './process.ts';
import { assertSpawning, currentSim } from './process-state.ts';

/** `multiprocessing.synchronize.SEM_VALUE_MAX` on Linux: the bound of an "unbounded" queue. */
export const SEM_VALUE_MAX = 2_147_483_647;

const SENTINEL: unique symbol = Symbol('concsim.mp.feederSentinel');

/** What `Queue._reset` makes in each process: its buffer and feeder thread. */
interface Local<T> {
  readonly notempty: Condition;
  readonly buffer: (T | typeof SENTINEL)[];
  thread: Thread | null;
  jointhread: Finalizer | null;
  joincancelled: boolean;
  closed: boolean;
  close: Finalizer | null;
  closeNow: (() => void) | null;
}

/**
 * `multiprocessing.Queue`: a process-safe FIFO; `put` hands objects to a feeder thread that pickles
 * them into a pipe, `get` unpickles them.
 */
export class Queue<T = unknown> {
  readonly label: string;
  readonly #maxsize: number;
  readonly #reader: Connection;
  readonly #writer: Connection;
  readonly #rlock: Lock;
  readonly #wlock: Lock;
  protected readonly _sem: BoundedSemaphore;
  readonly #locals = new Map<SimProcess, Local<T>>();
  /** For concurrent.futures: a send to a closed reader ends the feeder quietly. */
  _ignoreEpipe = false;

  constructor(maxsize = 0, o: { readonly name?: string } = {}) {
    const k = kernel('Queue()');
    this.label = o.name ?? k.label(this.constructor.name);
    this.#maxsize = maxsize <= 0 ? SEM_VALUE_MAX : maxsize;
    [this.#reader, this.#writer] = Pipe(false);
    this.#rlock = new Lock({ name: `${this.label}.rlock`, processShared: true });
    this.#wlock = new Lock({ name: `${this.label}.wlock`, processShared: true });
    this._sem = new BoundedSemaphore(this.#maxsize, { name: `${this.label}.sem`, processShared: true });
  }

  /** This process's buffer and feeder (Python's per-process `_reset` state). */
  #local(): Local<T> {
    const k = kernel();
    const sim = currentSim(k);
    let l = this.#locals.get(sim);
    if (l === undefined) {
      const notempty = new Condition({
        name: `${this.label}.notempty`,
        lock: new Lock({ name: `${this.label}.nlock` }),
      });
      l = {
        notempty,
        buffer: [],
        thread: null,
        jointhread: null,
        joincancelled: false,
        closed: false,
        close: null,
        closeNow: null,
      };
      this.#locals.set(sim, l);
    }
    return l;
  }

  /**
   * Puts `obj`, waiting for a free slot if the queue is full: Full at once with
   * `block=false`, or after `timeout` seconds. The feeder thread pickles and sends it.
   */
  put(obj: T, block = true, timeout: Timeout = null): Op<void> {
    const l = this.#local();
    if (l.closed) throw new ValueError(`Queue ${this} is closed`);
    checkTimeoutType(timeout);
    return op('Queue.put()', this.#put(l, obj, block, timeout));
  }

  *#put(l: Local<T>, obj: T, block: boolean, timeout: Timeout): Blocking {
    const ok = yield* semAcquire(this._sem, block, timeout);
    if (!ok) throw new Full();
    this._afterSlot();
    lockNow(l.notempty.lock as Lock, this.label, 'notempty lock');
    try {
      if (l.thread === null) this.#startThread(l);
      l.buffer.push(obj);
      l.notempty.notify();
    } finally {
      l.notempty.release();
    }
  }

  /** Hook for JoinableQueue: called once a put has its slot. */
  protected _afterSlot(): void {}

  /**
   * Removes and returns an object, waiting for one: Empty at once with `block=false`, or
   * after `timeout` seconds. Unpickles it in the calling thread.
   */
  get(block = true, timeout: Timeout = null): Op<T> {
    if (this.#local().closed) throw new ValueError(`Queue ${this} is closed`);
    checkTimeoutType(timeout);
    return op('Queue.get()', this.#get(block, timeout));
  }

  *#get(block: boolean, timeout: Timeout): Blocking<T> {
    const k = kernel();
    let res: Pickled;
    if (block && (timeout === null || timeout === undefined)) {
      yield* this.#rlock.acquire();
      try {
        res = yield* recvPickled(this.#reader);
      } finally {
        this.#rlock.release();
      }
      this._sem.release();
    } else {
      const t = Math.max(timeout ?? 0, 0);
      const deadline = k.now + toTicks(t);
      if (!(yield* block ? this.#rlock.acquire(true, t) : this.#rlock.acquire(false))) throw newEmpty();
      try {
        const left = block ? toSeconds(Math.max(deadline - k.now, 0)) : 0;
        if ((yield* wait([this.#reader], left)).length === 0) throw newEmpty();
        res = yield* recvPickled(this.#reader);
        this._sem.release();
      } finally {
        this.#rlock.release();
      }
    }
    return (yield* loads(res)) as T;
  }

  /** Approximate number of objects in the queue (put and not yet got). */
  qsize(): number {
    return this.#maxsize - this._sem.value;
  }

  /** True when nothing is readable from the pipe right now (objects in a feeder's buffer do not count). */
  empty(): boolean {
    return !this.#reader[READY]();
  }

  full(): boolean {
    return this._sem.value === 0;
  }

  getNowait(): Op<T> {
    return this.get(false);
  }

  putNowait(obj: T): Op<void> {
    return this.put(obj, false);
  }

  /**
   * No more puts from this process: the feeder sends what is buffered, then ends.
   * `get` and `put` in this process raise ValueError afterwards.
   */
  close(): void {
    const l = this.#local();
    l.closed = true;
    const close = l.closeNow;
    if (close !== null) {
      l.closeNow = null;
      l.close?.cancel();
      l.close = null;
      close();
    }
  }

  /** Waits for this process's feeder to finish (after `close()`). */
  joinThread(): Op<void> {
    const l = this.#local();
    if (!l.closed) throw new AssertionError(`Queue ${this} not closed`);
    const j = l.jointhread;
    return op(
      'Queue.joinThread()',
      (function* () {
        if (j !== null) yield* j.call();
      })(),
    );
  }

  /** This process will not wait for its feeder at exit (buffered objects may be lost). */
  cancelJoinThread(): void {
    const l = this.#local();
    l.joincancelled = true;
    l.jointhread?.cancel();
  }

  /**
   * Called in the feeder thread when an object cannot be sent (it cannot be pickled):
   * Python prints the traceback; subclasses override it, as concurrent.futures does, and
   * may block (return a generator).
   */
  protected _onQueueFeederError(e: unknown, _obj: unknown): undefined | Blocking {
    const k = kernel();
    if (k.tracing) k.emit('queue.feeder-error', this.label, { error: String(e) });
    return undefined;
  }

  #startThread(l: Local<T>): void {
    l.buffer.length = 0;
    const t = new Thread({ target: () => this.#feed(l), name: 'QueueFeederThread', daemon: true });
    l.thread = t;
    t.startNoWait();
    if (!l.joincancelled) l.jointhread = registerFinalizer(() => t.join(), -5);
    const closeNow = () => {
      lockNow(l.notempty.lock as Lock, this.label, 'notempty lock');
      try {
        l.buffer.push(SENTINEL);
        l.notempty.notify();
      } finally {
        l.notempty.release();
      }
    };
    l.closeNow = closeNow;
    l.close = registerFinalizer(() => {
      l.closeNow = null;
      closeNow();
    }, 10);
  }

  /** `Queue._feed`: the feeder thread's loop. */
  *#feed(l: Local<T>): Blocking {
    for (;;) {
      yield* l.notempty.acquire();
      try {
        if (l.buffer.length === 0) yield* l.notempty.wait();
      } finally {
        l.notempty.release();
      }
      while (l.buffer.length > 0) {
        const obj = l.buffer.shift() as T | typeof SENTINEL;
        if (obj === SENTINEL) return;
        try {
          const p = yield* dumps(obj);
          yield* this.#wlock.acquire();
          try {
            sendPickled(this.#writer, p);
          } finally {
            this.#wlock.release();
          }
        } catch (e) {
          if (this._ignoreEpipe && (e as { errno?: number }).errno === 32) return;
          this._sem.release();
          yield* drive(this._onQueueFeederError(e, obj));
        }
      }
    }
  }

  /** Crosses to a child only as it starts (spawn), as Python's `__getstate__` checks. */
  [REDUCE](): unknown {
    assertSpawning(this.constructor.name);
    return this;
  }

  toString(): string {
    return `<multiprocessing.queues.${this.constructor.name} object '${this.label}'>`;
  }
}

/** A multiprocessing semaphore's acquire: a negative timeout polls, a non-blocking one ignores it. */
function semAcquire(sem: Semaphore, block: boolean, timeout: Timeout): Op<boolean> {
  if (!block) return sem.acquire(false);
  return sem.acquire(true, timeout === null || timeout === undefined ? null : Math.max(timeout, 0));
}

/** `multiprocessing.JoinableQueue`: a Queue whose `join` waits until every put object is `taskDone`. */
export class JoinableQueue<T = unknown> extends Queue<T> {
  readonly #unfinished: Semaphore;
  readonly #cond: Condition;

  constructor(maxsize = 0, o: { readonly name?: string } = {}) {
    super(maxsize, o);
    this.#unfinished = new Semaphore(0, { name: `${this.label}.unfinished`, processShared: true });
    this.#cond = new Condition({ name: `${this.label}.cond`, processShared: true });
  }

  protected override _afterSlot(): void {
    this.#unfinished.release();
  }

  /** Marks one object as processed; ValueError if called more times than objects were put. */
  taskDone(): Op<void> {
    return op('JoinableQueue.taskDone()', this.#taskDone());
  }

  *#taskDone(): Blocking {
    yield* this.#cond.acquire();
    try {
      if (!(yield* this.#unfinished.acquire(false))) throw new ValueError('task_done() called too many times');
      if (this.#unfinished.value === 0) this.#cond.notifyAll();
    } finally {
      this.#cond.release();
    }
  }

  /** Waits until every object put has been marked done. */
  join(): Op<void> {
    return op('JoinableQueue.join()', this.#join());
  }

  *#join(): Blocking {
    yield* this.#cond.acquire();
    try {
      if (this.#unfinished.value !== 0) yield* this.#cond.wait();
    } finally {
      this.#cond.release();
    }
  }
}

/** `multiprocessing.SimpleQueue`: a locked pipe; `put` pickles in the caller, `get` unpickles. */
export class SimpleQueue<T = unknown> {
  readonly label: string;
  readonly #reader: Connection;
  readonly #writer: Connection;
  readonly #rlock: Lock;
  readonly #wlock: Lock;

  constructor(o: { readonly name?: string } = {}) {
    this.label = o.name ?? kernel('SimpleQueue()').label('SimpleQueue');
    [this.#reader, this.#writer] = Pipe(false);
    this.#rlock = new Lock({ name: `${this.label}.rlock`, processShared: true });
    this.#wlock = new Lock({ name: `${this.label}.wlock`, processShared: true });
  }

  /** Closes both ends of the pipe. */
  close(): void {
    this.#reader.close();
    this.#writer.close();
  }

  empty(): boolean {
    return !this.#reader[READY]();
  }

  get(): Op<T> {
    this.#reader.checkReadable();
    return op('SimpleQueue.get()', this.#get());
  }

  *#get(): Blocking<T> {
    yield* this.#rlock.acquire();
    let res: Pickled;
    try {
      res = yield* recvPickled(this.#reader);
    } finally {
      this.#rlock.release();
    }
    return (yield* loads(res)) as T;
  }

  put(obj: T): Op<void> {
    this.#writer.checkWritable();
    return op('SimpleQueue.put()', this.#put(obj));
  }

  *#put(obj: T): Blocking {
    const p = yield* dumps(obj);
    yield* this.#wlock.acquire();
    try {
      sendPickled(this.#writer, p);
    } finally {
      this.#wlock.release();
    }
  }

  /** The read end (for `wait`, as the pool's worker handler watches it). */
  get reader(): Connection {
    return this.#reader;
  }

  /** The write end (Python's `_writer`: the pool's task handler sends on it directly). */
  get writer(): Connection {
    return this.#writer;
  }

  /** The read lock (Python's `_rlock`, which `Pool.terminate` takes). */
  get rlock(): Lock {
    return this.#rlock;
  }

  [REDUCE](): unknown {
    assertSpawning('SimpleQueue');
    return this;
  }

  toString(): string {
    return `<multiprocessing.queues.SimpleQueue object '${this.label}'>`;
  }
}
