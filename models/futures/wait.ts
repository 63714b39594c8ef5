/**
 * `concurrent.futures.wait` and `as_completed`, written as CPython 3.11's `_base.py`
 * writes them: under `_AcquireFutures` (every future's condition held) they split the
 * futures into finished — FINISHED or CANCELLED_AND_NOTIFIED only, so a future cancelled
 * but not yet seen by its executor counts as not done [FUT-10] — and pending, and install
 * a `_Waiter` in each pending future's `_waiters`; completing futures report to the
 * waiter, which sets its Event when its condition is met: `_FirstCompletedWaiter`,
 * `_AllCompletedWaiter` (counting down, or stopping at the first exception)
 * [WAT-1] [WAT-2] [WAT-7], `_AsCompletedWaiter` (a list of newly finished futures under
 * its own Lock).
 *
 * `asCompleted` is a generator in Python, so nothing happens until the first `next()`:
 * its deadline and its snapshot of finished futures date from there [ASC-3]. Here it is
 * an iterator object whose `next()` is a blocking operation; `close()` is the
 * generator's close.
 *
 * Differs from CPython, on purpose:
 * - Python uses sets, so the order of already-finished futures is unspecified; here they
 *   come in input order (duplicates dropped), then the rest in completion order [ASC-1].
 *   `wait` returns JavaScript Sets, in the same order.
 * - `_AcquireFutures` takes every condition in one step (after one scheduling point),
 *   where CPython takes them one by one in `id` order: no thread ever holds a future's
 *   lock across a scheduling point, so those acquires could never block.
 * - The deadline check of `asCompleted` is `remaining <= 0` where CPython's is `< 0`: in
 *   real time the clock has always moved on between two reads, in virtual time it has
 *   not, and `<` would poll forever at the deadline instant.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op, preempt, toSeconds, toTicks } from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { TimeoutError, ValueError } from '../errors.ts';
import { Event } from '../threading/event.ts';
import { Lock, lockNow } from '../threading/lock.ts';
import type { Timeout } from '../threading/timeout.ts';
import { type AnyFuture, CANCELLED_AND_NOTIFIED, FINISHED, type FutureWaiter } from './future.ts';

/** `concurrent.futures.FIRST_COMPLETED`: `wait` returns when any future finishes or is cancelled. */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/**
 * `concurrent.futures.FIRST_EXCEPTION`: `wait` returns when any future raises, or when all are
 * done.
 */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/** `concurrent.futures.ALL_COMPLETED`: `wait` returns when every future is done (the default). */
export const ALL_COMPLETED = 'ALL_COMPLETED';
const AS_COMPLETED = '_AS_COMPLETED';

/** When `wait` returns: one of `FIRST_COMPLETED`, `FIRST_EXCEPTION`, `ALL_COMPLETED`. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** `_base._Waiter`: the Event that `wait` and `asCompleted` block on. */
class Waiter implements FutureWaiter {
  readonly event: Event;
  finishedFutures: AnyFuture[] = [];

  constructor(kind: string) {
    this.event = new Event({ name: kernel().label(kind) });
  }

  addResult(f: AnyFuture): void {
    this.finishedFutures.push(f);
  }

  addException(f: AnyFuture): void {
    this.finishedFutures.push(f);
  }

  addCancelled(f: AnyFuture): void {
    this.finishedFutures.push(f);
  }
}

/** `_AsCompletedWaiter`: collects finished futures under its lock and sets the event. */
class AsCompletedWaiter extends Waiter {
  readonly lock: Lock;

  constructor() {
    super('AsCompletedWaiter');
    this.lock = new Lock({ name: `${this.event.label}.lock` });
  }

  override addResult(f: AnyFuture): void {
    this.#add(() => super.addResult(f));
  }

  override addException(f: AnyFuture): void {
    this.#add(() => super.addException(f));
  }

  override addCancelled(f: AnyFuture): void {
    this.#add(() => super.addCancelled(f));
  }

  #add(add: () => void): void {
    lockNow(this.lock);
    try {
      add();
      this.event.set();
    } finally {
      this.lock.release();
    }
  }
}

/** `_FirstCompletedWaiter`: any completion sets the event [WAT-1]. */
class FirstCompletedWaiter extends Waiter {
  constructor() {
    super('FirstCompletedWaiter');
  }

  override addResult(f: AnyFuture): void {
    super.addResult(f);
    this.event.set();
  }

  override addException(f: AnyFuture): void {
    super.addException(f);
    this.event.set();
  }

  override addCancelled(f: AnyFuture): void {
    super.addCancelled(f);
    this.event.set();
  }
}

/**
 * `_AllCompletedWaiter`: counts pending futures down and sets the event at zero; with
 * `stopOnException`, an exception sets it at once [WAT-2] — a cancel does not [WAT-7].
 */
class AllCompletedWaiter extends Waiter {
  numPendingCalls: number;
  readonly stopOnException: boolean;
  readonly lock: Lock;

  constructor(numPendingCalls: number, stopOnException: boolean) {
    super('AllCompletedWaiter');
    this.numPendingCalls = numPendingCalls;
    this.stopOnException = stopOnException;
    this.lock = new Lock({ name: `${this.event.label}.lock` });
  }

  #decrementPendingCalls(): void {
    lockNow(this.lock);
    try {
      this.numPendingCalls--;
      if (!this.numPendingCalls) this.event.set();
    } finally {
      this.lock.release();
    }
  }

  override addResult(f: AnyFuture): void {
    super.addResult(f);
    this.#decrementPendingCalls();
  }

  override addException(f: AnyFuture): void {
    super.addException(f);
    if (this.stopOnException) this.event.set();
    else this.#decrementPendingCalls();
  }

  override addCancelled(f: AnyFuture): void {
    super.addCancelled(f);
    this.#decrementPendingCalls();
  }
}

/** Finished for `wait`/`asCompleted`: FINISHED or CANCELLED_AND_NOTIFIED, not CANCELLED [FUT-10]. */
function isFinished(f: AnyFuture): boolean {
  return f.state === FINISHED || f.state === CANCELLED_AND_NOTIFIED;
}

/** `_AcquireFutures.__enter__`: every future's condition, taken in one step. */
function acquireFutures(fs: Iterable<AnyFuture>): void {
  for (const f of fs) lockNow(f._condition.lock as Lock);
}

/** `_AcquireFutures.__exit__`. */
function releaseFutures(fs: Iterable<AnyFuture>): void {
  for (const f of fs) f._condition.release();
}

/** `with f._condition: f._waiters.remove(waiter)`. */
function removeWaiter(f: AnyFuture, waiter: Waiter): void {
  lockNow(f._condition.lock as Lock);
  try {
    const i = f._waiters.indexOf(waiter);
    if (i < 0) throw new ValueError('list.remove(x): x not in list');
    f._waiters.splice(i, 1);
  } finally {
    f._condition.release();
  }
}

/** Python's `repr` of a `return_when` value, for the ValueError text [WAT-5]. */
function pyRepr(x: unknown): string {
  if (typeof x === 'string') return x.includes("'") && !x.includes('"') ? `"${x}"` : `'${x.replace(/'/g, "\\'")}'`;
  if (x === null || x === undefined) return 'None';
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  return String(x);
}

/** `_create_and_install_waiters`; call it holding every future's condition. */
function createAndInstallWaiters(fs: Iterable<AnyFuture>, returnWhen: unknown): Waiter {
  let waiter: Waiter;
  if (returnWhen === AS_COMPLETED) {
    waiter = new AsCompletedWaiter();
  } else if (returnWhen === FIRST_COMPLETED) {
    waiter = new FirstCompletedWaiter();
  } else {
    let pendingCount = 0;
    for (const f of fs) if (!isFinished(f)) pendingCount++;
    if (returnWhen === FIRST_EXCEPTION) waiter = new AllCompletedWaiter(pendingCount, true);
    else if (returnWhen === ALL_COMPLETED) waiter = new AllCompletedWaiter(pendingCount, false);
    else throw new ValueError(`Invalid return condition: ${pyRepr(returnWhen)}`);
  }
  for (const f of fs) f._waiters.push(waiter);
  return waiter;
}

/** `DoneAndNotDoneFutures`: the named tuple `wait` returns. */
export interface DoneAndNotDoneFutures<F extends AnyFuture = AnyFuture> {
  readonly done: Set<F>;
  readonly notDone: Set<F>;
}

/** Keyword arguments of `wait(fs, timeout=None, return_when=ALL_COMPLETED)`. */
export interface WaitOptions {
  /** Seconds to wait at most (default: forever); on expiry `wait` returns, never raises [WAT-3]. */
  readonly timeout?: Timeout;
  /** FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED (the default). */
  readonly returnWhen?: ReturnWhen;
}

/**
 * Waits until the futures meet `returnWhen` or `timeout` passes, and returns
 * `{ done, notDone }` [WAT-1] [WAT-2] [WAT-3] [WAT-4]. Duplicates collapse and an empty
 * list returns at once [WAT-6]. An invalid `returnWhen` raises ValueError only if some
 * future is still pending [WAT-5].
 */
export function wait<F extends AnyFuture>(fs: Iterable<F>, o: WaitOptions = {}): Op<DoneAndNotDoneFutures<F>> {
  return op('wait()', waitImpl(fs, o.timeout, o.returnWhen ?? ALL_COMPLETED));
}

function* waitImpl<F extends AnyFuture>(
  futures: Iterable<F>,
  timeout: Timeout,
  returnWhen: unknown,
): Blocking<DoneAndNotDoneFutures<F>> {
  const fs = new Set(futures);
  yield* preempt(); // taking the first future's lock is a scheduling point
  let waiter: Waiter;
  const done = new Set<F>();
  acquireFutures(fs);
  try {
    for (const f of fs) if (isFinished(f)) done.add(f);
    const notDone = () => new Set([...fs].filter((f) => !done.has(f)));
    if (returnWhen === FIRST_COMPLETED && done.size > 0) return { done, notDone: notDone() };
    if (returnWhen === FIRST_EXCEPTION && done.size > 0) {
      for (const f of done) {
        if (f.state === FINISHED && f._exceptionLocked() !== null && f._exceptionLocked() !== undefined) {
          return { done, notDone: notDone() };
        }
      }
    }
    if (done.size === fs.size) return { done, notDone: notDone() };
    waiter = createAndInstallWaiters(fs, returnWhen);
  } finally {
    releaseFutures(fs);
  }
  yield* waiter.event.wait(timeout);
  for (const f of fs) removeWaiter(f, waiter);
  for (const f of waiter.finishedFutures) done.add(f as F);
  return { done, notDone: new Set([...fs].filter((f) => !done.has(f))) };
}

/**
 * `as_completed(fs, timeout)`: an iterator over the futures as they complete. Drive it
 * with `yield* it.next()` (or take them all with `yield* it.all()`); nothing happens
 * before the first `next()` [ASC-3].
 */
export function asCompleted<F extends AnyFuture>(fs: Iterable<F>, timeout: Timeout = null): AsCompletedIterator<F> {
  return new AsCompletedIterator(fs, timeout);
}

type GenState = 'created' | 'suspended' | 'running' | 'done';

/** The generator `as_completed` returns, as an object whose `next()` blocks. */
export class AsCompletedIterator<F extends AnyFuture = AnyFuture> {
  readonly #input: Iterable<F>;
  readonly #timeout: Timeout;
  #state: GenState = 'created';
  #endTime: number | null = null;
  #fs = new Set<F>();
  #pending = new Set<F>();
  #total = 0;
  #waiter: AsCompletedWaiter | null = null;
  /** Finished futures still to yield, as a stack: the next one is last. */
  #finished: F[] = [];

  constructor(fs: Iterable<F>, timeout: Timeout) {
    this.#input = fs;
    this.#timeout = timeout;
  }

  /** The next future to complete: `{ done: true }` when all were yielded [ASC-1] [ASC-2]. */
  next(): Op<IteratorResult<F, undefined>> {
    return op('AsCompletedIterator.next()', this.#next());
  }

  /** Every remaining future, in the order `next()` gives them (Python's `list(it)`). */
  all(): Op<F[]> {
    return op('AsCompletedIterator.all()', this.#all());
  }

  *#all(): Blocking<F[]> {
    const out: F[] = [];
    for (;;) {
      const r = yield* this.#next();
      if (r.done === true) return out;
      out.push(r.value);
    }
  }

  /** The generator's `close()`: once started, it removes its waiter from the futures left. */
  close(): void {
    if (this.#state === 'running') throw new ValueError('generator already executing');
    if (this.#state === 'suspended') this.#cleanup();
    this.#state = 'done';
  }

  *#next(): Blocking<IteratorResult<F, undefined>> {
    if (this.#state === 'running') throw new ValueError('generator already executing');
    if (this.#state === 'done') return { done: true, value: undefined };
    const first = this.#state === 'created';
    this.#state = 'running';
    try {
      if (first) yield* this.#start();
      for (;;) {
        const f = this.#finished.pop();
        if (f !== undefined) {
          // _yield_finished_futures: forget it before yielding it.
          this.#fs.delete(f);
          this.#pending.delete(f);
          removeWaiter(f, this.#waiter as Waiter);
          this.#state = 'suspended';
          return { done: false, value: f };
        }
        if (this.#pending.size === 0) break;
        yield* this.#waitMore();
      }
    } catch (e) {
      this.#cleanup();
      this.#state = 'done';
      throw e;
    }
    this.#cleanup();
    this.#state = 'done';
    return { done: true, value: undefined };
  }

  /** The generator's first steps: the deadline, the snapshot, the waiter [ASC-3]. */
  *#start(): Blocking {
    const k = kernel();
    const timeout = this.#timeout;
    if (timeout !== null && timeout !== undefined) {
      if (typeof timeout !== 'number') {
        throw new TypeError(`unsupported operand type(s) for +: '${pyTypeName(timeout)}' and 'float'`);
      }
      this.#endTime = k.now + toTicks(timeout);
    }
    this.#fs = new Set(this.#input);
    this.#total = this.#fs.size;
    yield* preempt(); // taking the first future's lock is a scheduling point
    const finished: F[] = [];
    acquireFutures(this.#fs);
    try {
      for (const f of this.#fs) {
        if (isFinished(f)) finished.push(f);
        else this.#pending.add(f);
      }
      this.#waiter = createAndInstallWaiters(this.#fs, AS_COMPLETED) as AsCompletedWaiter;
    } finally {
      releaseFutures(this.#fs);
    }
    this.#finished = finished.reverse();
  }

  /** One round of the `while pending:` loop: wait for the event, take what finished. */
  *#waitMore(): Blocking {
    const k = kernel();
    let waitTimeout: number | null = null;
    if (this.#endTime !== null) {
      const remaining = this.#endTime - k.now;
      if (remaining <= 0) throw new TimeoutError(`${this.#pending.size} (of ${this.#total}) futures unfinished`);
      waitTimeout = toSeconds(remaining);
    }
    const waiter = this.#waiter as AsCompletedWaiter;
    yield* waiter.event.wait(waitTimeout);
    yield* waiter.lock.acquire();
    let finished: F[];
    try {
      finished = waiter.finishedFutures as F[];
      waiter.finishedFutures = [];
      waiter.event.clear();
    } finally {
      waiter.lock.release();
    }
    // Reversed, so that popping gives them in the order they finished.
    this.#finished = finished.reverse();
  }

  /** The generator's `finally`: remove the waiter from the futures not yielded. */
  #cleanup(): void {
    const waiter = this.#waiter;
    if (waiter === null) return;
    for (const f of this.#fs) removeWaiter(f, waiter);
    this.#fs.clear();
  }
}
