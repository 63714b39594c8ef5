/**
 * `threading.Lock` (`_thread.allocate_lock`): a binary lock with no owner (any thread may
 * release it, [LCK-2]) and no re-entrancy ([LCK-3]).
 *
 * Like CPython's, release wakes one waiter but does not hand the lock over: the woken
 * thread competes again, so a newly arriving thread may barge in first. Which one wins is
 * the strategy's decision. A waiter that loses keeps its place at the head of the queue.
 * Every blocking acquire is a scheduling point, even when the lock is free — except where
 * a model takes a lock that only the calling thread ever takes (`acquireOwnLock`: a
 * Condition's waiter lock, in Event), where the point could not show another outcome.
 *
 * Differs from CPython: the lock remembers its last acquirer, only so that a deadlock
 * report can say who holds it.
 */
import {
  activeKernel,
  type Fiber,
  type Kernel,
  kernel,
  Op,
  op,
  toTicks,
  trackOp,
  WaitQueue,
} from '../../engine/index.ts';
// The kernel's internals that Lock.acquire's state machine uses (not public API).
import { DONE as DONE_RESULT, FALSE, TRUE, undrivenError, YIELD } from '../../engine/op.ts';
import { parkNow, preemptNow } from '../../engine/syscalls.ts';
import { pyTypeName } from '../compare.ts';
import { RuntimeError, ValueError } from '../errors.ts';

/** concsim's extension to Python's constructors: a name for traces and deadlock reports. */
export interface NameOptions {
  readonly name?: string;
}

/** Python's argument checks for `Lock.acquire` and `RLock.acquire` [LCK-5]. */
export function checkAcquireArgs(blocking: boolean, timeout: number): void {
  if (typeof timeout !== 'number') {
    throw new TypeError(`'${pyTypeName(timeout)}' object cannot be interpreted as an integer`);
  }
  if (Number.isNaN(timeout)) throw new ValueError('Invalid value NaN (not a number)');
  if (!blocking && timeout !== -1) throw new ValueError("can't specify a timeout for a non-blocking call");
  if (timeout < 0 && timeout !== -1) throw new ValueError('timeout value must be positive');
}

let newAcquire: (l: Lock, blocking: boolean, timeout: number, point: boolean) => Op<boolean>;
let free: (l: Lock) => void;

/**
 * Makes a lock nobody waits on free again, with no trace record: for a model that reuses
 * a private lock once nothing refers to it any more (a Condition's waiter lock, once its
 * wait has returned).
 */
export function freeOwnLock(l: Lock): void {
  free(l);
}

/**
 * `lock.acquire(True, timeout)` with no scheduling point before the first try, for a lock
 * that only the calling thread ever acquires — a Condition's waiter lock. There the point
 * could only let other threads run before an action they cannot see (trying a lock nobody
 * else takes, then blocking): every such interleaving has an equivalent one where this
 * thread blocks first, so dropping it loses no outcome and saves a step per wait.
 */
export function acquireOwnLock(l: Lock, timeout = -1): Op<boolean> {
  checkAcquireArgs(true, timeout);
  return newAcquire(l, true, timeout, false);
}

/**
 * Takes `l`, known to be free, in a plain call (no scheduling point): for a model whose
 * lock is never held across a scheduling point. The internal error raised if it is held
 * after all names the lock by its label, or as `owner`'s `role` (built only then, so a
 * call allocates nothing).
 */
export function lockNow(l: Lock, owner?: string, role = 'lock'): void {
  if (!l.tryAcquire()) {
    const what = owner === undefined ? l.label : `${owner}'s ${role}`;
    throw new Error(`internal error: ${what} held across a scheduling point`);
  }
}

/** The end of an acquire driven again after it ended. */
const ENDED = DONE_RESULT as unknown as IteratorResult<unknown, boolean>;

/** Where an acquire stands: not started, in its entry point, blocked, over. */
const NEW = 0;
const PREEMPTING = 1;
const BLOCKED = 2;
const DONE = 3;

/**
 * `threading.Lock`: `acquire(blocking=True, timeout=-1)` and `release()`; `with lock:` is `yield*
 * lock.with(body)`.
 */
export class Lock {
  static {
    /**
     * `Lock.acquire()`, the commonest blocking call, as a state machine rather than a
     * generator: one small object per call, and no generator to resume at each step.
     * It does exactly what this generator does (same checks, same errors, `throw` and
     * `return` too), doing what `preempt()` and `block()` do when driven as plain calls:
     *
     *   const k = kernel();
     *   if (point) yield* preempt();
     *   if (!blocking) return this.tryAcquire();
     *   const deadline = timeout === -1 ? null : k.now + toTicks(timeout);
     *   let retry = false;
     *   for (;;) {
     *     if (this.tryAcquire()) return true;
     *     if (deadline !== null && k.now >= deadline) return false;
     *     let woken;
     *     try {
     *       woken = yield* block(this.#wq, deadline === null ? null : deadline - k.now, retry);
     *     } catch (e) {
     *       // Raised into this waiter (a gevent Timeout or kill), maybe after a release
     *       // woke it: pass the wake-up on, or the next waiter would sleep on a free lock.
     *       if (!this.#locked) k.wakeOne(this.#wq);
     *       throw e;
     *     }
     *     if (!woken) return false;
     *     retry = true;
     *   }
     */
    class Acquire extends Op<boolean> implements Iterator<unknown, boolean, unknown> {
      #phase = NEW;
      #k: Kernel | null = null;
      #deadline: number | null = null;
      #retry = false;

      constructor(
        readonly lock: Lock,
        readonly blocking: boolean,
        readonly timeout: number,
        readonly point: boolean,
      ) {
        super('Lock.acquire()');
        // Recorded as created and not yet driven, as `op()` records a generator op.
        trackOp(activeKernel(), this);
      }

      override [Symbol.iterator](): this {
        const k = activeKernel();
        if (k !== null && k.undriven === this) k.undriven = null;
        return this;
      }

      next(v?: unknown): IteratorResult<unknown, boolean> {
        switch (this.#phase) {
          case NEW: {
            this.#phase = DONE; // until it suspends: an error here ends the op
            const k = kernel();
            this.#k = k;
            if (this.point) {
              // `yield* preempt()`, with the check that creating the op makes.
              if (k.undriven !== null) throw undrivenError(k.undriven.label);
              preemptNow(k);
              this.#phase = PREEMPTING;
              return YIELD;
            }
            return this.#afterPoint();
          }
          case PREEMPTING:
            this.#phase = DONE;
            return this.#afterPoint();
          case BLOCKED:
            this.#phase = DONE;
            if (!v) return FALSE;
            this.#retry = true;
            return this.#loop();
          default:
            return ENDED;
        }
      }

      throw(e: unknown): IteratorResult<unknown, boolean> {
        const phase = this.#phase;
        this.#phase = DONE;
        if (phase === BLOCKED) this.#caught(e);
        throw e;
      }

      return(v?: boolean): IteratorResult<unknown, boolean> {
        this.#phase = DONE;
        return { value: v as boolean, done: true };
      }

      #afterPoint(): IteratorResult<unknown, boolean> {
        const l = this.lock;
        if (!this.blocking) return l.tryAcquire() ? TRUE : FALSE;
        const k = this.#k as Kernel;
        this.#deadline = this.timeout === -1 ? null : k.now + toTicks(this.timeout);
        this.#retry = false;
        return this.#loop();
      }

      #loop(): IteratorResult<unknown, boolean> {
        const l = this.lock;
        const k = this.#k as Kernel;
        const deadline = this.#deadline;
        if (l.tryAcquire()) return TRUE;
        if (deadline !== null && k.now >= deadline) return FALSE;
        try {
          // `yield* block(...)`, with the check that creating the op makes.
          if (k.undriven !== null) throw undrivenError(k.undriven.label);
          parkNow(k, l.#wq, deadline === null ? null : deadline - k.now, this.#retry);
        } catch (e) {
          this.#caught(e);
        }
        this.#phase = BLOCKED;
        return YIELD;
      }

      #caught(e: unknown): never {
        const l = this.lock;
        if (!l.#locked) (this.#k as Kernel).wakeOne(l.#wq);
        throw e;
      }
    }
    newAcquire = (l, blocking, timeout, point) => new Acquire(l, blocking, timeout, point);
    free = (l) => {
      if (l.#wq.length > 0) throw new Error(`internal error: ${l.label} freed while threads wait on it`);
      l.#locked = false;
      l.holder = null;
    };
  }

  readonly label: string;
  #locked = false;
  /** Last acquirer, for deadlock reports only. */
  holder: Fiber | null = null;
  readonly #wq: WaitQueue;

  constructor(o: NameOptions = {}) {
    this.label = o.name ?? kernel('Lock()').label('Lock');
    this.#wq = new WaitQueue(this);
  }

  /** Who holds the lock, for deadlock reports (its wait queue asks). */
  holders(): readonly Fiber[] {
    return this.holder === null ? [] : [this.holder];
  }

  /**
   * Acquires the lock; returns true on success. `blocking=false` polls; `timeout` in
   * seconds (-1: forever). Python's argument errors [LCK-5].
   */
  acquire(blocking = true, timeout = -1): Op<boolean> {
    checkAcquireArgs(blocking, timeout);
    return newAcquire(this, blocking, timeout, true);
  }

  /** Non-blocking acquire, with no scheduling point: `acquire(false)` for models' own use. */
  tryAcquire(): boolean {
    if (this.#locked) return false;
    this.#locked = true;
    const k = kernel();
    this.holder = k.current;
    if (k.tracing) k.emit('lock.acquire', this.label);
    return true;
  }

  /**
   * Marks the free lock as held by `holder`, with no trace record: for a model that takes
   * a lock's state over from bookkeeping it kept another way (a Thread's `_tstate_lock`,
   * created at the first `join`, whose acquisition was recorded when the thread started).
   */
  markHeld(holder: Fiber | null): void {
    if (this.#locked) throw new Error(`internal error: ${this.label} is already held`);
    this.#locked = true;
    this.holder = holder;
  }

  /** Releases the lock (from any thread); wakes one waiter. */
  release(): void {
    if (!this.#locked) throw new RuntimeError('release unlocked lock');
    this.#locked = false;
    this.holder = null;
    const k = kernel();
    if (k.tracing) k.emit('lock.release', this.label);
    k.wakeOne(this.#wq);
  }

  locked(): boolean {
    return this.#locked;
  }

  /** Runs `body` holding the lock: Python's `with lock:`. */
  with<T>(body: () => Generator<unknown, T, unknown>): Op<T> {
    return op('Lock.with()', this.#with(body));
  }

  *#with<T>(body: () => Generator<unknown, T, unknown>): Generator<unknown, T, unknown> {
    yield* this.acquire();
    try {
      return yield* body();
    } finally {
      this.release();
    }
  }
}
