/**
 * `concurrent.futures.Future`, written as CPython 3.11's `_base.py` writes it: a
 * Condition guarding `_state` (PENDING → RUNNING → FINISHED, or PENDING → CANCELLED →
 * CANCELLED_AND_NOTIFIED) [FUT-1], the result or exception, the `_waiters` that `wait`
 * and `asCompleted` install, and the done-callbacks. Completing a future updates the
 * state and the waiters and calls `notify_all` under the condition, then — outside it —
 * calls every callback in registration order in the completing thread [FUT-5] [FUT-8];
 * a callback that raises an Exception is logged (see `futuresLog`) and the rest still run;
 * a `BaseException` that is not one escapes the call that ran it [FUT-6].
 * A callback may block (return a generator or an Op, as `() => lock.acquire()`): it runs
 * in the completing thread, so `setResult`, `setException`, `cancel` and
 * `addDoneCallback` — which run callbacks, and may therefore block as in CPython — are
 * operations driven with `yield*`. Inside a callback `yield* fut.result()` returns at
 * once, and a callback that waits for a lock the caller holds deadlocks, as in CPython.
 * `cancel` only reaches CANCELLED: `wait` and `asCompleted` see a cancelled future only
 * once an executor calls `setRunningOrNotifyCancel` [FUT-10].
 *
 * Differs from CPython, on purpose:
 * - The Condition is over a plain Lock, not an RLock: nothing in the model re-enters it
 *   (`wait` reads the states it needs directly), and the plain methods take it without a
 *   scheduling point, which cannot block because no thread ever holds it across one.
 * - `repr()` names the future by its label where CPython prints its address:
 *   `<Future at Future-1 state=finished returned int>`.
 */
import type { Blocking } from '../../engine/index.ts';
import { type Kernel, kernel, type Op, op } from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { mustDrive } from '../drive.ts';
import { BaseException, RuntimeError, TimeoutError } from '../errors.ts';
import { Condition } from '../threading/condition.ts';
import { Lock, lockNow, type NameOptions } from '../threading/lock.ts';
import type { Timeout } from '../threading/timeout.ts';
import { CancelledError, InvalidStateError } from './errors.ts';
import { log } from './log.ts';

/** A future's state before a worker picks it up (`Future._state` in CPython). */
export const PENDING = 'PENDING';
/** A future's state while a worker runs it: it can no longer be cancelled. */
export const RUNNING = 'RUNNING';
/** Cancelled by the user... */
export const CANCELLED = 'CANCELLED';
/** ...and seen by an executor, which notified the waiters (`setRunningOrNotifyCancel`). */
export const CANCELLED_AND_NOTIFIED = 'CANCELLED_AND_NOTIFIED';
/** A future's state once it holds a result or an exception. */
export const FINISHED = 'FINISHED';

/**
 * The states of a `Future`, as CPython names them (`PENDING`, `RUNNING`, `CANCELLED`, …,
 * `FINISHED`).
 */
export type FutureState =
  | typeof PENDING
  | typeof RUNNING
  | typeof CANCELLED
  | typeof CANCELLED_AND_NOTIFIED
  | typeof FINISHED;

const DESCRIPTION: Readonly<Record<FutureState, string>> = {
  PENDING: 'pending',
  RUNNING: 'running',
  CANCELLED: 'cancelled',
  CANCELLED_AND_NOTIFIED: 'cancelled',
  FINISHED: 'finished',
};

/** A done-callback: called with the future once it is finished or cancelled; may block (return an Op). */
export type DoneCallback<T> = (future: Future<T>) => unknown;

/** What `wait` and `asCompleted` install in a future's `_waiters` (`_base._Waiter`). */
export interface FutureWaiter {
  addResult(f: AnyFuture): void;
  addException(f: AnyFuture): void;
  addCancelled(f: AnyFuture): void;
}

/** A future of any result type, for code that only waits on futures (`wait`, `asCompleted`). */
// biome-ignore lint/suspicious/noExplicitAny: waiters and executors hold futures of any result type
export type AnyFuture = Future<any>;

/**
 * `concurrent.futures.Future`: the pending result of a call; `result()` and `exception()` block
 * (with `yield*`) until it is done, and `addDoneCallback` runs callbacks once it is.
 */
export class Future<T = unknown> {
  readonly label: string;
  /** `_condition`: for executors and `wait`, which take it around state changes. */
  readonly _condition: Condition;
  /** `_waiters`: the `wait`/`asCompleted` waiters told when this future completes. */
  readonly _waiters: FutureWaiter[] = [];
  #state: FutureState = PENDING;
  #result: T | undefined = undefined;
  #exception: unknown = null;
  // Stored loosely, so that Future<T> stays covariant in T (a Future<never> is a Future<number>).
  // biome-ignore lint/suspicious/noExplicitAny: see above
  readonly #doneCallbacks: DoneCallback<any>[] = [];
  #callbacksAdded = 0;

  /** Made by executors (`submit`); tests may make their own, as in Python. */
  constructor(o: NameOptions = {}) {
    this.label = o.name ?? kernel('Future()').label('Future');
    this._condition = new Condition({
      name: `${this.label}.condition`,
      lock: new Lock({ name: `${this.label}.lock` }),
    });
  }

  /** The state, as `_state` (concsim extension, for tests, monitors and `wait`). */
  get state(): FutureState {
    return this.#state;
  }

  /** CPython's `repr(future)`, with the label for the address. */
  repr(): string {
    const s = this.#state;
    if (s === FINISHED) {
      if (this.#raised()) return `<Future at ${this.label} state=finished raised ${pyTypeName(this.#exception)}>`;
      return `<Future at ${this.label} state=finished returned ${pyTypeName(this.#result)}>`;
    }
    return `<Future at ${this.label} state=${DESCRIPTION[s]}>`;
  }

  toString(): string {
    return this.repr();
  }

  // ---- the user's side ------------------------------------------------------------------

  /**
   * Cancels the future if it is still pending; true if it is (or already was) cancelled,
   * false if it is running or finished [FUT-1]. The callbacks run here, in the calling
   * thread [FUT-7].
   */
  cancel(): Op<boolean> {
    return op('Future.cancel()', this.#cancel(kernel('Future.cancel()')));
  }

  *#cancel(k: Kernel): Blocking<boolean> {
    lockNow(this._condition.lock as Lock, this.label);
    try {
      if (this.#state === RUNNING || this.#state === FINISHED) return false;
      if (this.#state === CANCELLED || this.#state === CANCELLED_AND_NOTIFIED) return true;
      this.#state = CANCELLED;
      k.emit('future.cancel', this.label);
      this._condition.notifyAll();
    } finally {
      this._condition.release();
    }
    yield* this.#invokeCallbacks();
    return true;
  }

  cancelled(): boolean {
    return this.#read(() => this.#isCancelled());
  }

  running(): boolean {
    return this.#read(() => this.#state === RUNNING);
  }

  /** True once finished or cancelled — even if no executor has noticed the cancel [FUT-10]. */
  done(): boolean {
    return this.#read(() => this.#isCancelled() || this.#state === FINISHED);
  }

  /**
   * Adds a callback, called with the future when it finishes or is cancelled, in the
   * thread that completes it. On a future that is already done it runs at once, here,
   * before this returns [FUT-5]. A callback that raises is logged [FUT-6].
   */
  addDoneCallback(fn: DoneCallback<T>): Op<void> {
    return op('Future.addDoneCallback()', this.#addDoneCallback(kernel('Future.addDoneCallback()'), fn));
  }

  *#addDoneCallback(k: Kernel, fn: DoneCallback<T>): Blocking {
    const n = ++this.#callbacksAdded;
    lockNow(this._condition.lock as Lock, this.label);
    try {
      if (!this.#isCancelled() && this.#state !== FINISHED) {
        this.#doneCallbacks.push(fn);
        if (k.tracing) k.emit('future.add-callback', this.label, { callback: n, done: false });
        return;
      }
    } finally {
      this._condition.release();
    }
    if (k.tracing) k.emit('future.add-callback', this.label, { callback: n, done: true });
    yield* this.#call(fn, n);
  }

  /**
   * The task's result, waiting up to `timeout` seconds (default: forever) for it. Raises
   * what the task raised — the very object `exception()` returns [FUT-4] —,
   * CancelledError if cancelled [FUT-2], TimeoutError if not done in time; 0 or a
   * negative timeout does not wait [FUT-3].
   */
  result(timeout?: Timeout): Op<T> {
    return op('Future.result()', this.#wait(timeout, true) as Blocking<T>);
  }

  /** What the task raised, or null if it returned; waits as `result` does [FUT-3] [FUT-4]. */
  exception(timeout?: Timeout): Op<unknown> {
    return op('Future.exception()', this.#wait(timeout, false));
  }

  *#wait(timeout: Timeout, wantResult: boolean): Blocking<unknown> {
    yield* this._condition.acquire();
    try {
      if (this.#isCancelled()) throw new CancelledError();
      if (this.#state === FINISHED) return wantResult ? this.#getResult() : this.#exception;
      yield* this._condition.wait(timeout);
      if (this.#isCancelled()) throw new CancelledError();
      if ((this.#state as FutureState) === FINISHED) return wantResult ? this.#getResult() : this.#exception;
      throw new TimeoutError();
    } finally {
      this._condition.release();
    }
  }

  // ---- the executor's side --------------------------------------------------------------

  /**
   * Called by an executor before it runs the task: true (and RUNNING, no longer
   * cancellable) for a pending future; false for a cancelled one, which becomes
   * CANCELLED_AND_NOTIFIED and is reported to its waiters; RuntimeError otherwise [FUT-9].
   */
  setRunningOrNotifyCancel(): boolean {
    const k = kernel('Future.setRunningOrNotifyCancel()');
    lockNow(this._condition.lock as Lock, this.label);
    try {
      if (this.#state === CANCELLED) {
        this.#state = CANCELLED_AND_NOTIFIED;
        k.emit('future.cancel-notified', this.label);
        for (const w of this._waiters) w.addCancelled(this);
        return false;
      }
      if (this.#state === PENDING) {
        this.#state = RUNNING;
        k.emit('future.running', this.label);
        return true;
      }
      log('CRITICAL', `Future ${this.label} in unexpected state: ${this.#state}`, null, this.label);
      throw new RuntimeError('Future in unexpected state');
    } finally {
      this._condition.release();
    }
  }

  /** Finishes the future with `result`, then runs the callbacks; InvalidStateError if already done [FUT-9]. */
  setResult(result: T): Op<void> {
    return op('Future.setResult()', this.#setResult(kernel('Future.setResult()'), result));
  }

  *#setResult(k: Kernel, result: T): Blocking {
    lockNow(this._condition.lock as Lock, this.label);
    try {
      this.#checkNotDone();
      this.#result = result;
      this.#state = FINISHED;
      k.emit('future.result', this.label);
      for (const w of this._waiters) w.addResult(this);
      this._condition.notifyAll();
    } finally {
      this._condition.release();
    }
    yield* this.#invokeCallbacks();
  }

  /** Finishes the future with `exception`, then runs the callbacks; InvalidStateError if already done [FUT-9]. */
  setException(exception: unknown): Op<void> {
    return op('Future.setException()', this.#setException(kernel('Future.setException()'), exception));
  }

  *#setException(k: Kernel, exception: unknown): Blocking {
    lockNow(this._condition.lock as Lock, this.label);
    try {
      this.#checkNotDone();
      this.#exception = exception;
      this.#state = FINISHED;
      if (k.tracing) k.emit('future.exception', this.label, { error: String(exception) });
      for (const w of this._waiters) w.addException(this);
      this._condition.notifyAll();
    } finally {
      this._condition.release();
    }
    yield* this.#invokeCallbacks();
  }

  /** The exception of a finished future, read without the lock: for `wait`, which holds it. */
  _exceptionLocked(): unknown {
    return this.#exception;
  }

  // ---- internals ------------------------------------------------------------------------

  #checkNotDone(): void {
    if (this.#isCancelled() || this.#state === FINISHED) {
      throw new InvalidStateError(`${this.#state}: ${this.repr()}`);
    }
  }

  #isCancelled(): boolean {
    return this.#state === CANCELLED || this.#state === CANCELLED_AND_NOTIFIED;
  }

  /** Python's `if self._exception:` — an exception object is always truthy. */
  #raised(): boolean {
    return this.#exception !== null && this.#exception !== undefined;
  }

  /** A finished future's outcome, read without blocking (what CPython's `__repr__` reads); null before. */
  get outcome(): { readonly raised: boolean; readonly value: unknown } | null {
    if (!this.done() || this.#isCancelled()) return null;
    return this.#raised() ? { raised: true, value: this.#exception } : { raised: false, value: this.#result };
  }

  #getResult(): T {
    if (this.#raised()) throw this.#exception;
    return this.#result as T;
  }

  #read<R>(f: () => R): R {
    kernel('Future');
    lockNow(this._condition.lock as Lock, this.label);
    try {
      return f();
    } finally {
      this._condition.release();
    }
  }

  *#invokeCallbacks(): Blocking {
    const cbs = this.#doneCallbacks;
    for (let i = 0; i < cbs.length; i++) yield* this.#call(cbs[i] as DoneCallback<T>, i + 1);
  }

  /** Calls callback number `n`, driving it if it blocks, and logs what it raises [FUT-6]. */
  *#call(fn: DoneCallback<T>, n: number): Blocking {
    const k = kernel();
    if (k.tracing) k.emit('future.callback', this.label, { callback: n });
    try {
      const r = fn(this);
      if (mustDrive(r)) yield* r;
    } catch (e) {
      if (e instanceof BaseException) throw e; // not an Exception: it escapes [FUT-6]
      log('ERROR', `exception calling callback for ${this.repr()}`, e, this.label, n);
    }
  }
}
