/**
 * `concurrent.futures.Executor`, the base the pools share, as CPython 3.11's `_base.py`
 * writes it: `map` computes its deadline, then submits every call at once, before any
 * result is asked for [MAP-2] [MAP-3], and returns the `result_iterator` generator,
 * which takes the results in input order [MAP-1], each with the time left to the one
 * deadline [MAP-4], cancelling a future that timed out (`_result_or_cancel`) and, in its
 * `finally`, every future not yet taken [MAP-7]. `with` is the context manager: it calls
 * `shutdown({ wait: true })` after the body, whether or not the body raised [TPE-8].
 *
 * Differs from CPython: the results iterator is an object whose `next()` is a blocking
 * operation (`yield* it.next()`), with `results()` for `list(it)`; JavaScript has no
 * garbage-collection hook, so a scenario abandoning a partly consumed iterator calls
 * `close()` where CPython's collector would close the generator [MAP-7]. Keyword arguments
 * of a task are an options object among its arguments; a task that blocks returns a
 * blocking operation, driven with `yield*`. `submit` and `map` may block, as CPython's do
 * (a new worker's `start()`), so they are operations too.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op, toSeconds, toTicks } from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { ValueError } from '../errors.ts';
import type { Timeout } from '../threading/timeout.ts';
import type { AnyFuture, Future } from './future.ts';

/** A function an executor runs: any arguments, any result (a generator function runs with `yield*`). */
// biome-ignore lint/suspicious/noExplicitAny: a task takes whatever its arguments are
export type Task = (...args: any[]) => unknown;

/** What a task's future holds: its return value, or what its generator returns. */
export type TaskResult<R> = R extends Blocking<infer V> ? V : R;

/** Keyword arguments of `Executor.map(fn, *iterables, timeout=None, chunksize=1)`. */
export interface MapOptions {
  /** Seconds from the `map` call after which a result not yet ready raises TimeoutError [MAP-3]. */
  readonly timeout?: Timeout;
  /** Ignored by ThreadPoolExecutor, and not checked [MAP-5]. */
  readonly chunksize?: number;
}

/** Keyword arguments of `Executor.shutdown(wait=True, *, cancel_futures=False)`. */
export interface ShutdownOptions {
  /** Wait for the workers to finish everything queued (default true). */
  readonly wait?: boolean;
  /** Cancel the futures not yet started (default false). */
  readonly cancelFutures?: boolean;
}

function isIterable(x: unknown): x is Iterable<unknown> {
  return (
    x !== null &&
    (typeof x === 'object' || typeof x === 'string') &&
    typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function'
  );
}

/**
 * `map(fn, *iterables, options)`'s arguments: a last argument that is an object and not
 * iterable (or undefined) is the options; the rest are the iterables, not yet checked.
 */
export function splitMapArgs<O extends MapOptions>(
  rest: readonly (Iterable<unknown> | O | undefined)[],
): [O, unknown[]] {
  const last = rest[rest.length - 1];
  if (rest.length > 0 && (last === undefined || (typeof last === 'object' && last !== null && !isIterable(last)))) {
    return [(last ?? {}) as O, rest.slice(0, -1)];
  }
  return [{} as O, rest as unknown[]];
}

/** Python's `zip(*iterables)` argument check: each must be iterable. */
export function checkIterables(its: readonly unknown[]): asserts its is Iterable<unknown>[] {
  for (const it of its) {
    if (!isIterable(it)) throw new TypeError(`'${pyTypeName(it)}' object is not iterable`);
  }
}

/** Python's `zip(*iterables)`: lazily, stopping at the first exhausted iterable [MAP-6]. */
export function* zip(iterables: readonly Iterable<unknown>[]): Generator<unknown[], void, unknown> {
  if (iterables.length === 0) return;
  const its = iterables.map((it) => it[Symbol.iterator]());
  for (;;) {
    const args: unknown[] = [];
    for (const it of its) {
      const r = it.next();
      if (r.done === true) return;
      args.push(r.value);
    }
    yield args;
  }
}

/** `end_time = timeout + time.monotonic()`, in ticks, taken at the `map` call [MAP-3]; null for none. */
export function mapDeadline(timeout: Timeout | undefined): number | null {
  if (timeout === null || timeout === undefined) return null;
  if (typeof timeout !== 'number') {
    throw new TypeError(`unsupported operand type(s) for +: '${pyTypeName(timeout)}' and 'float'`);
  }
  return kernel().now + toTicks(timeout);
}

/**
 * `concurrent.futures.Executor`: what both pools share — `submit`, `map`, `shutdown`, and `with
 * executor:` as `yield* executor.with(body)`.
 */
export abstract class Executor {
  /**
   * Schedules `fn(...args)` and returns its Future. It may block, as in CPython: it
   * starts a worker thread and waits for it to begin, holding the pool's locks.
   */
  abstract submit<F extends Task>(fn: F, ...args: Parameters<F>): Op<Future<TaskResult<ReturnType<F>>>>;

  /** Frees the executor's resources; waits for its work with `wait` (default true). */
  abstract shutdown(o?: ShutdownOptions): Op<void>;

  /**
   * `map(fn, *iterables, timeout=None, chunksize=1)`: submits `fn` over the zipped
   * iterables now [MAP-2] [MAP-6] and returns an iterator over the results in input order
   * [MAP-1]. Options go last: `yield* ex.map(fn, xs, ys, { timeout: 2 })`; it blocks as
   * `submit` does.
   */
  map<A, R>(fn: (a: A) => R, a: Iterable<A>, o?: MapOptions): Op<ResultIterator<TaskResult<R>>>;
  map<A, B, R>(
    fn: (a: A, b: B) => R,
    a: Iterable<A>,
    b: Iterable<B>,
    o?: MapOptions,
  ): Op<ResultIterator<TaskResult<R>>>;
  map<A, B, C, R>(
    fn: (a: A, b: B, c: C) => R,
    a: Iterable<A>,
    b: Iterable<B>,
    c: Iterable<C>,
    o?: MapOptions,
  ): Op<ResultIterator<TaskResult<R>>>;
  map(fn: Task, ...iterables: (Iterable<unknown> | MapOptions)[]): Op<ResultIterator<unknown>>;
  // biome-ignore lint/suspicious/noExplicitAny: the overloads above give the result type
  map(fn: Task, ...rest: (Iterable<unknown> | MapOptions | undefined)[]): Op<ResultIterator<any>> {
    kernel(`${this.constructor.name}.map()`);
    const [o, iterables] = splitMapArgs<MapOptions>(rest);
    checkIterables(iterables);
    const endTime = mapDeadline(o.timeout);
    return op(`${this.constructor.name}.map()`, this.submitAll(fn, iterables, endTime));
  }

  /** `map`'s body once its arguments are checked: submits every call, then the results iterator. */
  protected *submitAll(
    fn: Task,
    iterables: readonly Iterable<unknown>[],
    endTime: number | null,
  ): Blocking<ResultIterator<unknown>> {
    const fs: AnyFuture[] = [];
    for (const args of zip(iterables)) fs.push(yield* this.submit(fn, ...args));
    return new ResultIterator(fs, endTime);
  }

  /** Python's `with executor:` — runs `body`, then `shutdown({ wait: true })`, even if it raised [TPE-8]. */
  with<R>(body: (executor: this) => Blocking<R>): Op<R> {
    return op(`${this.constructor.name}.with()`, this.#with(body));
  }

  *#with<R>(body: (executor: this) => Blocking<R>): Blocking<R> {
    try {
      return yield* body(this);
    } finally {
      yield* this.shutdown({ wait: true });
    }
  }
}

export type GenState = 'created' | 'suspended' | 'running' | 'done';

/**
 * The generator `Executor.map` returns (`result_iterator`): `yield* it.next()` gives
 * `{ value }` for each result in input order, then `{ done: true }`.
 */
export class ResultIterator<R> {
  /** The futures not yet taken; reversed once started, as CPython's list is. */
  readonly #fs: Future<R>[];
  readonly #endTime: number | null;
  #state: GenState = 'created';

  /** `endTime` in ticks (null: no deadline). */
  constructor(fs: Future<R>[], endTime: number | null) {
    this.#fs = fs;
    this.#endTime = endTime;
  }

  /**
   * The next result: waits for its future up to the deadline and returns its value, or
   * raises what the task raised, or TimeoutError (cancelling that future) [MAP-4]. Once
   * it has raised, the futures left are cancelled and the iterator is exhausted [MAP-7].
   */
  next(): Op<IteratorResult<R, undefined>> {
    return op('ResultIterator.next()', this.#next());
  }

  /** Every remaining result, in order: Python's `list(executor.map(...))`. */
  results(): Op<R[]> {
    return op('ResultIterator.results()', this.#results());
  }

  /**
   * The generator's `close()`: once iteration has started, cancels every future not yet
   * taken [MAP-7]. Before the first `next()` it does nothing, as closing an unstarted
   * Python generator skips its `finally`. It blocks if a cancelled future's callback does.
   */
  close(): Op<void> {
    if (this.#state === 'running') throw new ValueError('generator already executing');
    return op('ResultIterator.close()', this.#close());
  }

  *#close(): Blocking {
    const suspended = this.#state === 'suspended';
    this.#state = 'done';
    if (suspended) yield* this.onClose();
  }

  *#results(): Blocking<R[]> {
    const out: R[] = [];
    for (;;) {
      const r = yield* this.#next();
      if (r.done === true) return out;
      out.push(r.value);
    }
  }

  /** The generator's state machine around `step`: once it raises or ends, it is done. */
  *#next(): Blocking<IteratorResult<R, undefined>> {
    if (this.#state === 'running') throw new ValueError('generator already executing');
    if (this.#state === 'done') return { done: true, value: undefined };
    const first = this.#state === 'created';
    this.#state = 'running';
    try {
      const r = yield* this.step(first);
      this.#state = r.done === true ? 'done' : 'suspended';
      return r;
    } catch (e) {
      this.#state = 'done';
      throw e;
    }
  }

  /**
   * The generator's body from one `yield` to the next (`first`: not started before):
   * the next future's result, raising what it raised after cancelling the rest.
   */
  protected *step(first: boolean): Blocking<IteratorResult<R, undefined>> {
    if (first) this.#fs.reverse();
    const k = kernel();
    try {
      const f = this.#fs.pop();
      if (f === undefined) return { done: true, value: undefined };
      const timeout = this.#endTime === null ? null : toSeconds(this.#endTime - k.now);
      return { done: false, value: yield* resultOrCancel(f, timeout) };
    } catch (e) {
      yield* this.#cancelRest();
      throw e;
    }
  }

  /** What `close()` does to a suspended generator: runs its `finally`. */
  protected *onClose(): Blocking {
    yield* this.#cancelRest();
  }

  /** The generator's `finally`: `for future in fs: future.cancel()`. */
  *#cancelRest(): Blocking {
    for (const f of this.#fs) yield* f.cancel();
  }
}

/** `_result_or_cancel`: the result, and cancel the future whatever happened. */
function* resultOrCancel<R>(f: Future<R>, timeout: Timeout): Blocking<R> {
  try {
    return yield* f.result(timeout);
  } finally {
    yield* f.cancel();
  }
}
