/**
 * asyncio's module functions over tasks, as CPython 3.11's `tasks.py` writes them:
 * `current_task`, `all_tasks`, `create_task`, `sleep`, `gather`, `wait_for`, `wait` and `as_completed`, on the
 * running loop (loop.ts, which also holds `ensure_future`, since the loop itself uses it).
 */

import type { Blocking } from '../../engine/index.ts';
import { TimeoutError, ValueError } from '../errors.ts';
import { type Awaitable, CancelledError, Future, isCoroutine, type Task } from './futures.ts';
import type { Handle } from './handles.ts';
import { EventLoop, ensureFuture, getRunningLoop } from './loop.ts';

/** `asyncio.current_task()`. */
export function currentTask(): Task<unknown> | null {
  return getRunningLoop().currentTask;
}

/** `asyncio.all_tasks()`. */
export function allTasks(): Task<unknown>[] {
  return getRunningLoop().allTasks();
}

/** `asyncio.create_task(coro, name=...)`. */
export function createTask<T>(coro: Blocking<T>, o: { readonly name?: string } = {}): Task<T> {
  if (!isCoroutine(coro)) throw new TypeError(`a coroutine was expected, got ${String(coro)}`);
  return getRunningLoop().createTask(coro, o);
}

/** `await asyncio.sleep(delay, result)`: 0 or less gives the loop one turn. */
export function* sleep<T = undefined>(delay: number, result?: T): Blocking<T> {
  if (typeof delay !== 'number' || Number.isNaN(delay)) throw new TypeError('delay must be a number');
  if (delay <= 0) {
    yield null;
    return result as T;
  }
  const loop = getRunningLoop();
  const fut = loop.createFuture<T>();
  const h = loop.callLater(delay, () => {
    if (!fut.done()) fut.setResult(result as T);
  });
  try {
    return yield* fut;
  } finally {
    h.cancel();
  }
}

/** Keyword arguments of `asyncio.gather(*aws, return_exceptions=False)`. */
export interface GatherOptions {
  /** Exceptions become results instead of failing the gather (default false). */
  readonly returnExceptions?: boolean;
}

type Results<A extends readonly unknown[]> = { -readonly [K in keyof A]: A[K] extends Awaitable<infer R> ? R : never };

class GatheringFuture<T> extends Future<T> {
  cancelRequested = false;
  constructor(
    loop: EventLoop,
    readonly children: readonly Future<unknown>[],
  ) {
    super(loop);
  }
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const c of this.children) if (c.cancel(msg)) ret = true;
    if (ret) this.cancelRequested = true;
    return ret;
  }
}

function isOptions(x: unknown): x is GatherOptions {
  return x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * `await asyncio.gather(*aws, return_exceptions=False)`: runs the awaitables concurrently
 * and returns their results in order; a trailing plain object is the options.
 */
export function gather<const A extends readonly Awaitable<unknown>[]>(...aws: A): Future<Results<A>>;
export function gather(...args: [...Awaitable<unknown>[], GatherOptions]): Future<unknown[]>;
export function gather(...args: unknown[]): Future<unknown[]> {
  const last = args[args.length - 1];
  const o: GatherOptions = args.length > 0 && isOptions(last) ? last : {};
  const aws = (isOptions(last) ? args.slice(0, -1) : args) as Awaitable<unknown>[];
  // Like asyncio, gather of futures works outside the loop too: it takes their loop.
  const first = aws.find((a) => a instanceof Future) as Future<unknown> | undefined;
  const loop = first !== undefined && first.loop instanceof EventLoop ? first.loop : getRunningLoop();
  if (aws.length === 0) {
    const f = loop.createFuture<unknown[]>();
    f.setResult([]);
    return f;
  }
  const seen = new Map<unknown, Future<unknown>>();
  const children = aws.map((aw) => {
    let f = seen.get(aw);
    if (f === undefined) {
      f = ensureFuture(aw, loop);
      seen.set(aw, f);
    }
    return f;
  });
  const outer = new GatheringFuture<unknown[]>(loop, children);
  let finished = 0;
  const onChild = (fut: Future<unknown>): void => {
    finished++;
    if (outer.done()) {
      if (!fut.cancelled()) fut.exception();
      return;
    }
    if (o.returnExceptions !== true) {
      if (fut.cancelled()) {
        outer.setException(fut.makeCancelledError());
        return;
      }
      const e = fut.exception();
      if (e !== null) {
        outer.setException(e);
        return;
      }
    }
    if (finished === children.length) {
      const results = children.map((c) => {
        if (c.cancelled()) return c.makeCancelledError();
        const e = c.exception();
        return e !== null ? e : c.result();
      });
      if (outer.cancelRequested) outer.setException(new CancelledError(''));
      else outer.setResult(results);
    }
  };
  for (const c of new Set(children)) c.addDoneCallback(onChild);
  return outer;
}

/**
 * `await asyncio.wait_for(aw, timeout)`: the result, or TimeoutError after `timeout`
 * seconds, once the awaitable has been cancelled.
 */
export function* waitFor<T>(aw: Awaitable<T>, timeout: number | null): Blocking<T> {
  const loop = getRunningLoop();
  const fut = ensureFuture(aw, loop);
  if (timeout === null || timeout === undefined) return yield* fut;
  if (timeout <= 0) {
    if (fut.done()) return fut.result();
    return yield* cancelThenTimeOut(fut);
  }
  const waiter = loop.createFuture<boolean>();
  const h = loop.callLater(timeout, () => {
    if (!waiter.done()) waiter.setResult(false);
  });
  const cb = (): void => {
    if (!waiter.done()) waiter.setResult(true);
  };
  fut.addDoneCallback(cb);
  try {
    try {
      yield* waiter;
    } catch (e) {
      fut.removeDoneCallback(cb);
      fut.cancel();
      throw e;
    }
    if (fut.done()) return fut.result();
    fut.removeDoneCallback(cb);
    return yield* cancelThenTimeOut(fut);
  } finally {
    h.cancel();
  }
}

/** `wait_for` out of time: cancels `fut`, waits for it to end, and raises TimeoutError (or what it raised instead). */
function* cancelThenTimeOut<T>(fut: Future<T>): Blocking<never> {
  fut.cancel();
  try {
    yield* fut;
  } catch (e) {
    if (e instanceof CancelledError) throw new TimeoutError('');
    throw e;
  }
  throw new TimeoutError('');
}

/** `asyncio.wait`'s `return_when`: asyncio's constants are these strings. */
export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';

/**
 * `done, pending = await asyncio.wait(fs, timeout=None, return_when=ALL_COMPLETED)`, as
 * asyncio 3.11's `_wait`: a waiter future released by the futures' done-callbacks (the first
 * one, the first that failed, or the last, as `returnWhen` says) or by the timeout; never
 * raises TimeoutError. Returns the futures done and not done, in the order given.
 */
export function* wait(
  fs: readonly Future<unknown>[],
  o: { readonly timeout?: number | null; readonly returnWhen?: ReturnWhen } = {},
): Blocking<[Future<unknown>[], Future<unknown>[]]> {
  const returnWhen = o.returnWhen ?? 'ALL_COMPLETED';
  if (fs.length === 0) throw new ValueError('Set of Tasks/Futures is empty.');
  const loop = getRunningLoop();
  const all = [...new Set(fs)];
  const waiter = loop.createFuture<null>();
  const timeout = o.timeout ?? null;
  const h =
    timeout === null
      ? null
      : loop.callLater(timeout, () => {
          if (!waiter.done()) waiter.setResult(null);
        });
  let counter = all.length;
  const onCompletion = (f: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === 'FIRST_COMPLETED' ||
      (returnWhen === 'FIRST_EXCEPTION' && !f.cancelled() && f.exception() !== null)
    ) {
      h?.cancel();
      if (!waiter.done()) waiter.setResult(null);
    }
  };
  for (const f of all) f.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    h?.cancel();
    for (const f of all) f.removeDoneCallback(onCompletion);
  }
  return [all.filter((f) => f.done()), all.filter((f) => !f.done())];
}

/**
 * `asyncio.as_completed(fs, timeout=None)`: one coroutine per awaitable; awaiting the
 * n-th gives the result (or raises the exception) of the n-th to finish; after `timeout`
 * seconds the ones left raise TimeoutError. As asyncio 3.11's: a queue of finished futures
 * filled by done-callbacks.
 */
export function asCompleted(fs: readonly Awaitable<unknown>[], timeout: number | null = null): Blocking<unknown>[] {
  const loop = getRunningLoop();
  const todo = new Set([...new Set(fs)].map((f) => ensureFuture(f, loop)));
  const done: (Future<unknown> | null)[] = [];
  const getters: Future<null>[] = [];
  const put = (f: Future<unknown> | null): void => {
    done.push(f);
    const g = getters.shift();
    if (g !== undefined && !g.done()) g.setResult(null);
  };
  let h: Handle | null = null;
  const onCompletion = (f: Future<unknown>): void => {
    if (todo.size === 0) return; // the timeout was here first
    todo.delete(f);
    put(f);
    if (todo.size === 0 && h !== null) h.cancel();
  };
  const onTimeout = (): void => {
    for (const f of todo) {
      f.removeDoneCallback(onCompletion);
      put(null);
    }
    todo.clear();
  };
  function* waitForOne(): Blocking<unknown> {
    while (done.length === 0) {
      const g = loop.createFuture<null>();
      getters.push(g);
      yield* g;
    }
    const f = done.shift() as Future<unknown> | null;
    if (f === null) throw new TimeoutError('');
    return f.result();
  }
  const n = todo.size;
  for (const f of todo) f.addDoneCallback(onCompletion);
  if (n > 0 && timeout !== null) h = loop.callLater(timeout, onTimeout);
  return Array.from({ length: n }, () => waitForOne());
}
