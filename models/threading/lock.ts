/**
 * `threading.Lock` (`_thread.allocate_lock`): a binary lock with no owner (any thread may
 * release it, [LCK-2]) and no re-entrancy ([LCK-3]).
 *
 * Like CPython's, release wakes one waiter but does not hand the lock over: the woken
 * thread competes again, so a newly arriving thread may barge in first. Which one wins is
 * the strategy's decision. A waiter that loses keeps its place at the head of the queue.
 * Every blocking acquire is a scheduling point, even when the lock is free — except where
 * a model takes a lock that only the calling thread ever takes (`acquireOwn`: a
 * Condition's waiter lock, in Event), where the point could not show another outcome.
 *
 * A fork copies the lock into the child (models/fork.ts), held or free as it was: held by
 * a thread other than the forking one, no thread of the child holds it and taking it
 * there deadlocks, as in CPython (the deadlock report names it `LABEL in PROCESS`); free,
 * the child's copy and the parent's lock are taken and released independently. A
 * `processShared` lock (multiprocessing's own locks, semaphores in shared memory) is
 * never copied.
 *
 * Differs from CPython: the lock remembers its last acquirer, only so that a deadlock
 * report can say who holds it.
 */
import type { Blocking } from '../../engine/index.ts';
import {
  type Acquirable,
  acquire,
  type Fiber,
  type Kernel,
  kernel,
  type Op,
  op,
  type SimProcess,
  toTicks,
  type WaitOwner,
  WaitQueue,
} from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { RuntimeError, ValueError } from '../errors.ts';
import { FORKS, type Fork } from '../fork.ts';
import { holding } from './hold.ts';

/** concsim's extension to Python's constructors: a name for traces and deadlock reports. */
export interface NameOptions {
  readonly name?: string;
}

export interface LockOptions extends NameOptions {
  /** A lock in memory shared between processes (multiprocessing's): a fork does not copy it. */
  readonly processShared?: boolean;
}

/** A lock's state in a forked child: its own, from the fork on. */
class ForkedLock implements Acquirable, WaitOwner {
  #held: boolean;
  readonly wq: WaitQueue;
  constructor(
    readonly lock: Lock,
    readonly process: SimProcess,
    held: boolean,
    /** The child's thread holding it: the copy of the forking thread, if that held it. */
    public holder: Fiber | null,
  ) {
    this.#held = held;
    this.wq = new WaitQueue(this);
  }

  get label(): string {
    return `${this.lock.label} in ${this.process.name}`;
  }

  holders(): readonly Fiber[] {
    return this.holder === null ? [] : [this.holder];
  }

  locked(): boolean {
    return this.#held;
  }

  tryAcquire(): boolean {
    if (this.#held) return false;
    this.#held = true;
    const k = kernel();
    this.holder = k.current;
    if (k.tracing) k.emit('lock.acquire', this.label);
    return true;
  }

  reset(): void {
    if (this.wq.length > 0) throw new Error(`internal error: ${this.label} reset while threads wait on it`);
    this.#held = false;
    this.holder = null;
  }

  release(k: Kernel): void {
    if (!this.#held) throw new RuntimeError('release unlocked lock');
    this.#held = false;
    this.holder = null;
    if (k.tracing) k.emit('lock.release', this.label);
    k.wakeOne(this.wq);
  }
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

/**
 * `threading.Lock`: `acquire(blocking=True, timeout=-1)` and `release()`; `with lock:` is `yield*
 * lock.with(body)`.
 */
export class Lock {
  readonly label: string;
  #locked = false;
  /** Last acquirer, for deadlock reports only. */
  holder: Fiber | null = null;
  readonly #wq: WaitQueue;
  /** Forks of the run seen so far (-1: process-shared, never copied), and the copies made. */
  #forksSeen: number;
  #copies: Map<SimProcess, ForkedLock> | null = null;

  constructor(o: LockOptions = {}) {
    const k = kernel('Lock()');
    this.label = o.name ?? k.label('Lock');
    this.#wq = new WaitQueue(this);
    this.#forksSeen = o.processShared === true ? -1 : k.local(FORKS).length;
  }

  /**
   * This lock as the running thread's process sees it: its own copy if the process was
   * forked while the lock existed, else null (the lock itself). First copies it into the
   * children forked since the last use (models/fork.ts).
   */
  #forked(k: Kernel): ForkedLock | null {
    const seen = this.#forksSeen;
    if (seen < 0) return null;
    const forks = k.local(FORKS);
    if (seen !== forks.length) this.#copyInto(forks, seen);
    const copies = this.#copies;
    if (copies === null || k.current === null) return null;
    return copies.get(k.current.process) ?? null;
  }

  #copyInto(forks: readonly Fork[], from: number): void {
    for (let i = from; i < forks.length; i++) {
      const { parent, child, forker, childMain } = forks[i] as Fork;
      const there = this.#copies?.get(parent);
      const held = there === undefined ? this.#locked : there.locked();
      const holder = held ? (there === undefined ? this.holder : there.holder) : null;
      this.#copies ??= new Map();
      this.#copies.set(
        child,
        new ForkedLock(this, child, held, holder !== null && holder === forker ? childMain : null),
      );
    }
    this.#forksSeen = forks.length;
  }

  /** Who holds the lock, for deadlock reports (its wait queue asks). */
  holders(): readonly Fiber[] {
    return this.holder === null ? [] : [this.holder];
  }

  /**
   * Acquires the lock; returns true on success. `blocking=false` polls; `timeout` in
   * seconds (-1: forever). Python's argument errors [LCK-5]. Mirrors
   * `lock_PyThread_acquire_lock` and `acquire_timed` (Modules/_threadmodule.c).
   */
  acquire(blocking = true, timeout = -1): Op<boolean> {
    checkAcquireArgs(blocking, timeout);
    return this.#acquire(blocking, timeout, true);
  }

  /**
   * `acquire(True, timeout)` with no scheduling point before the first try, for a lock
   * that only the calling thread ever acquires — a Condition's waiter lock. There the
   * point could only let other threads run before an action they cannot see, so every
   * interleaving it allows has an equivalent without it.
   */
  acquireOwn(timeout = -1): Op<boolean> {
    checkAcquireArgs(true, timeout);
    return this.#acquire(true, timeout, false);
  }

  #acquire(blocking: boolean, timeout: number, point: boolean): Op<boolean> {
    const t = timeout === -1 ? null : toTicks(timeout);
    const c = this.#forked(kernel());
    if (c !== null) return acquire('Lock.acquire()', c, c.wq, blocking, t, point);
    return acquire('Lock.acquire()', this, this.#wq, blocking, t, point);
  }

  /** Non-blocking acquire, with no scheduling point: `acquire(false)` for models' own use. */
  tryAcquire(): boolean {
    const k = kernel();
    const c = this.#forked(k);
    if (c !== null) return c.tryAcquire();
    if (this.#locked) return false;
    this.#locked = true;
    this.holder = k.current;
    k.emit('lock.acquire', this.label);
    return true;
  }

  /**
   * Makes a lock nobody waits on free again, with no trace record: for a model that reuses
   * a private lock once nothing refers to it any more (a Condition's waiter lock, once its
   * wait has returned).
   */
  reset(): void {
    const c = this.#copies === null ? null : this.#forked(kernel());
    if (c !== null) {
      c.reset();
      return;
    }
    if (this.#wq.length > 0) throw new Error(`internal error: ${this.label} reset while threads wait on it`);
    this.#locked = false;
    this.holder = null;
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
    const k = kernel();
    const c = this.#forked(k);
    if (c !== null) {
      c.release(k);
      return;
    }
    if (!this.#locked) throw new RuntimeError('release unlocked lock');
    this.#locked = false;
    this.holder = null;
    k.emit('lock.release', this.label);
    k.wakeOne(this.#wq);
  }

  locked(): boolean {
    const c = this.#copies === null ? null : this.#forked(kernel());
    return c === null ? this.#locked : c.locked();
  }

  /** Python's `with lock:` as `using held = yield* lock.hold()`: released when `held` leaves scope. */
  hold(): Op<Disposable> {
    return op(
      'Lock.hold()',
      holding(
        () => this.acquire(),
        () => this.release(),
      ),
    );
  }

  /** Runs `body` holding the lock: Python's `with lock:`. */
  with<T>(body: () => Blocking<T>): Op<T> {
    return op('Lock.with()', this.#with(body));
  }

  *#with<T>(body: () => Blocking<T>): Blocking<T> {
    yield* this.acquire();
    try {
      return yield* body();
    } finally {
      this.release();
    }
  }
}
