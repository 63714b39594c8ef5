/**
 * asyncio's `Future` and `Task`, as CPython 3.11's `futures.py` and `tasks.py` write
 * them, for the event loop of loop.ts. A coroutine is a generator: it awaits a future
 * with `yield*` (`const data = yield* reader.read(100)`), which yields the future to the
 * task driving it; the task resumes the coroutine from the future's done-callback, which
 * the loop runs with `callSoon`, as asyncio does. A bare `yield` (yielding null) gives
 * the loop one turn, as `await asyncio.sleep(0)` does.
 *
 * A coroutine may also make a plain blocking call (`yield* time.sleep(1)`, a blocking
 * socket call, `compute`): that blocks the loop's thread, and every other task with it,
 * exactly as a blocking call inside a coroutine does in Python.
 *
 * Differs from CPython: no contextvars, no `uncancel`/`cancelling` counts, and
 * `CancelledError` carries the cancel message as its text.
 */
import type { Blocking } from '../../engine/index.ts';
import { type Kernel, RunLocal } from '../../engine/index.ts';
import { TOKEN } from '../../engine/kernel.ts';
import { BaseException, RuntimeError, StopIteration } from '../errors.ts';

/** `asyncio.CancelledError`, a BaseException since Python 3.8. */
export class CancelledError extends BaseException {
  override name = 'CancelledError';
}

/** `asyncio.InvalidStateError`. */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** What futures need of their loop. */
export interface FutureLoop {
  readonly kernel: Kernel;
  callSoon(fn: () => unknown): unknown;
  /** The task whose step is running, or null. */
  currentTask: Task<unknown> | null;
  /** Called when a task is created and when it finishes (for `allTasks` and accounting). */
  taskStarted(t: Task<unknown>): void;
  taskDone(t: Task<unknown>): void;
}

type State = 'PENDING' | 'CANCELLED' | 'FINISHED';
export type DoneCallback<T> = (fut: Future<T>) => unknown;

/** An awaitable: a coroutine (generator) or a future, driven with `yield*`. */
export type Awaitable<T> = Iterable<unknown, T, unknown>;

/**
 * `asyncio.Future`: a result that a coroutine awaits with `yield*`; done-callbacks are scheduled on
 * its loop.
 */
export class Future<T = unknown> implements Iterable<unknown, T, unknown> {
  readonly loop: FutureLoop;
  #state: State = 'PENDING';
  #result: T | undefined = undefined;
  #exception: unknown = null;
  #hasException = false;
  #callbacks: DoneCallback<T>[] = [];
  #cancelMessage: string | undefined = undefined;
  /** An exception nobody has looked at yet (asyncio logs it when the future is collected). */
  unretrieved = false;

  constructor(loop: FutureLoop) {
    this.loop = loop;
  }

  done(): boolean {
    return this.#state !== 'PENDING';
  }

  cancelled(): boolean {
    return this.#state === 'CANCELLED';
  }

  /** The result; raises the exception, CancelledError, or InvalidStateError if pending. */
  result(): T {
    if (this.#state === 'CANCELLED') throw this.makeCancelledError();
    if (this.#state !== 'FINISHED') throw new InvalidStateError('Result is not set.');
    this.unretrieved = false;
    if (this.#hasException) throw this.#exception;
    return this.#result as T;
  }

  /** The exception (null if none); raises CancelledError or InvalidStateError. */
  exception(): unknown {
    if (this.#state === 'CANCELLED') throw this.makeCancelledError();
    if (this.#state !== 'FINISHED') throw new InvalidStateError('Exception is not set.');
    this.unretrieved = false;
    return this.#hasException ? this.#exception : null;
  }

  makeCancelledError(): CancelledError {
    return new CancelledError(this.#cancelMessage ?? '');
  }

  addDoneCallback(fn: DoneCallback<T>): void {
    if (this.#state !== 'PENDING') this.loop.callSoon(() => fn(this));
    else this.#callbacks.push(fn);
  }

  /** Removes every registration of `fn`; returns how many. */
  removeDoneCallback(fn: DoneCallback<T>): number {
    const before = this.#callbacks.length;
    this.#callbacks = this.#callbacks.filter((f) => f !== fn);
    return before - this.#callbacks.length;
  }

  cancel(msg?: string): boolean {
    this.unretrieved = false;
    if (this.#state !== 'PENDING') return false;
    this.#state = 'CANCELLED';
    this.#cancelMessage = msg;
    this.#scheduleCallbacks();
    return true;
  }

  setResult(result: T): void {
    if (this.#state !== 'PENDING') throw new InvalidStateError(`${this.#state}: ${String(this)}`);
    this.#result = result;
    this.#state = 'FINISHED';
    this.#scheduleCallbacks();
  }

  setException(exception: unknown): void {
    if (this.#state !== 'PENDING') throw new InvalidStateError(`${this.#state}: ${String(this)}`);
    if (exception instanceof StopIteration) {
      throw new TypeError('StopIteration interacts badly with generators and cannot be raised into a Future');
    }
    this.#exception = exception;
    this.#hasException = true;
    this.#state = 'FINISHED';
    this.unretrieved = true;
    this.#scheduleCallbacks();
  }

  /** Called once, when the future becomes done (before its callbacks are scheduled). */
  protected settled(): void {}

  #scheduleCallbacks(): void {
    this.settled();
    const cbs = this.#callbacks;
    this.#callbacks = [];
    for (const fn of cbs) this.loop.callSoon(() => fn(this));
  }

  /** `await fut`: yields the future to the task driving the coroutine, then returns its result. */
  *[Symbol.iterator](): Blocking<T> {
    if (this.#state === 'PENDING') yield this;
    if (this.#state === 'PENDING') throw new RuntimeError("await wasn't used with future");
    return this.result();
  }

  toString(): string {
    return `<Future ${this.#state.toLowerCase()}>`;
  }
}

/** Tasks created (numbering them `Task-N`) and not yet done, per run. */
const TASKS = new RunLocal(() => ({ n: 0, live: 0 }));

/** asyncio tasks alive (created and not done) in the run of kernel `k`. */
export function liveTasks(k: Kernel): number {
  return k.local(TASKS).live;
}

/** Whether `x` is a generator object (a coroutine). */
export function isCoroutine(x: unknown): x is Blocking<unknown> {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as Generator).next === 'function' &&
    typeof (x as Generator).throw === 'function'
  );
}

/** `asyncio.Task`: a coroutine wrapped in a future and stepped by its event loop. */
export class Task<T = unknown> extends Future<T> {
  name: string;
  readonly #coro: Blocking<T>;
  #waiter: Future<unknown> | null = null;
  #mustCancel = false;
  #cancelMsg: string | undefined = undefined;

  constructor(coro: Blocking<T>, loop: FutureLoop, o: { readonly name?: string } = {}) {
    super(loop);
    if (!isCoroutine(coro)) throw new TypeError(`a coroutine was expected, got ${String(coro)}`);
    const c = loop.kernel.local(TASKS);
    c.n++;
    c.live++;
    this.name = o.name ?? `Task-${c.n}`;
    this.#coro = coro;
    loop.taskStarted(this as Task<unknown>);
    loop.callSoon(() => this.#step());
  }

  protected override settled(): void {
    this.loop.kernel.local(TASKS).live--;
    this.loop.taskDone(this as Task<unknown>);
  }

  getName(): string {
    return this.name;
  }

  getCoro(): Blocking<T> {
    return this.#coro;
  }

  override setResult(_: T): never {
    throw new RuntimeError('Task does not support set_result operation');
  }

  override setException(_: unknown): never {
    throw new RuntimeError('Task does not support set_exception operation');
  }

  /** Asks the task to stop: CancelledError is thrown into the coroutine at its next step. */
  override cancel(msg?: string): boolean {
    this.unretrieved = false;
    if (this.done()) return false;
    if (this.#waiter?.cancel(msg)) return true;
    this.#mustCancel = true;
    this.#cancelMsg = msg;
    return true;
  }

  /** One step of the coroutine (Task.__step); a generator, since the coroutine may block the thread. */
  *#step(exc?: unknown): Blocking {
    if (this.done()) throw new InvalidStateError(`_step(): already done: ${String(this)}`);
    let error = exc;
    let hasError = exc !== undefined;
    if (this.#mustCancel) {
      if (!(error instanceof CancelledError)) error = new CancelledError(this.#cancelMsg ?? '');
      hasError = true;
      this.#mustCancel = false;
    }
    this.#waiter = null;
    const loop = this.loop;
    const prev = loop.currentTask;
    loop.currentTask = this as Task<unknown>;
    try {
      let r: IteratorResult<unknown, T>;
      let send: unknown;
      for (;;) {
        try {
          r = hasError ? this.#coro.throw(error) : this.#coro.next(send);
        } catch (e) {
          if (e instanceof CancelledError) super.cancel(e.message || undefined);
          else super.setException(e);
          return;
        }
        if (r.done === true || r.value !== TOKEN) break;
        // A blocking call inside the coroutine: the loop's whole thread blocks with it.
        try {
          send = yield TOKEN;
          hasError = false;
        } catch (e) {
          error = e;
          hasError = true;
        }
      }
      if (r.done === true) {
        if (this.#mustCancel) {
          this.#mustCancel = false;
          super.cancel(this.#cancelMsg);
        } else {
          super.setResult(r.value);
        }
        return;
      }
      const y = r.value;
      if (y instanceof Future) {
        if (y.loop !== loop) {
          const e = new RuntimeError(`Task ${String(this)} got Future ${String(y)} attached to a different loop`);
          loop.callSoon(() => this.#step(e));
        } else if (y === this) {
          const e = new RuntimeError(`Task cannot await on itself: ${String(this)}`);
          loop.callSoon(() => this.#step(e));
        } else {
          y.addDoneCallback(this.#wakeup);
          this.#waiter = y;
          if (this.#mustCancel && y.cancel(this.#cancelMsg)) this.#mustCancel = false;
        }
      } else if (y === null || y === undefined) {
        loop.callSoon(() => this.#step()); // a bare yield: one turn of the loop
      } else {
        const e = new RuntimeError(`Task got bad yield: ${String(y)}`);
        loop.callSoon(() => this.#step(e));
      }
    } finally {
      loop.currentTask = prev;
    }
  }

  readonly #wakeup = (fut: Future<unknown>): Blocking => {
    try {
      fut.result();
    } catch (e) {
      return this.#step(e);
    }
    return this.#step();
  };

  override toString(): string {
    return `<Task ${this.done() ? (this.cancelled() ? 'cancelled' : 'finished') : 'pending'} name='${this.name}'>`;
  }
}
