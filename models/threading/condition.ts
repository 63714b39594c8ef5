/**
 * `threading.Condition`, written as CPython 3.11 writes it: each `wait` allocates a fresh
 * waiter `Lock`, acquires it, appends it to `_waiters`, releases the condition's lock
 * completely, and blocks acquiring the waiter lock again; `notify(n)` releases the first
 * n waiter locks in FIFO order [CND-3]. The lock is always re-acquired before `wait`
 * returns, timeouts included [CND-2]; the default lock is an RLock.
 *
 * Modelling the algorithm (not the outcome) keeps CPython's corner cases: a waiter whose
 * timeout fired but who has not yet re-acquired the lock is still in `_waiters`, so a
 * notify can be spent on it while its `wait` returns false.
 *
 * A fork copies it (models/fork.ts): the child's `_waiters` holds the same waiter locks,
 * each the child's own copy, held for a waiter of the parent — a notify in the child
 * spends itself on them and wakes no thread of the parent, as in CPython.
 *
 * Differs from CPython, invisibly: a waiter lock is reused by a later wait once its own
 * wait has returned (nothing refers to it then), instead of being left to the collector.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op, toSeconds, toTicks } from '../../engine/index.ts';
import { RuntimeError } from '../errors.ts';
import { PerProcess } from '../fork.ts';
import { Deque } from './deque.ts';
import { holding } from './hold.ts';
import { Lock, lockNow, type NameOptions } from './lock.ts';
import { RLock, type RLockState } from './rlock.ts';
import { checkTimeoutType, type Timeout } from './timeout.ts';

/** Keyword arguments of `threading.Condition`: the lock to use (a new `RLock` by default). */
export interface ConditionOptions extends NameOptions {
  /** The underlying lock (default: a new RLock). */
  readonly lock?: Lock | RLock;
  /** In memory shared between processes (multiprocessing's): a fork does not copy it, nor its default lock. */
  readonly processShared?: boolean;
}

/**
 * `threading.Condition(lock=None)`: `wait()` releases the lock and blocks until
 * `notify`/`notify_all`; `waitFor(predicate)` loops on a predicate.
 */
export class Condition {
  readonly label: string;
  readonly lock: Lock | RLock;
  /**
   * `_waiters`: a deque, as in CPython, so that notifying n waiters costs O(n); and the
   * spare waiter locks (below). Each process its own after a fork.
   */
  readonly #state: PerProcess<{ readonly waiters: Deque<Lock>; readonly spare: Lock[] }>;
  /** The label of every waiter lock, built once. */
  #waiterLabel: string | null = null;
  /**
   * Waiter locks whose wait is over, to be used again: once a wait returns, nothing refers
   * to its lock (notify removed it from `_waiters`, or the wait did), so a fresh lock and a
   * reused one are indistinguishable. Never more than the most threads that waited at once.
   */
  /** Whether the lock is a plain Lock never held across a scheduling point (`AtomicCondition`). */
  protected readonly atomic: boolean = false;

  constructor(o: ConditionOptions = {}) {
    const k = kernel('Condition()');
    this.label = o.name ?? k.label('Condition');
    const shared = o.processShared === true;
    this.lock = o.lock ?? new RLock({ name: `${this.label}.lock`, processShared: shared });
    this.#state = new PerProcess(
      k,
      { waiters: new Deque<Lock>(), spare: [] as Lock[] },
      (s) => {
        const waiters = new Deque<Lock>();
        for (const w of s.waiters.toArray()) waiters.push(w);
        return { waiters, spare: [...s.spare] };
      },
      shared,
    );
  }

  /** `_waiters` as the running thread's process sees it. */
  get #waiters(): Deque<Lock> {
    return this.#state.get(kernel()).waiters;
  }

  /** The spare waiter locks as the running thread's process sees them. */
  get #spare(): Lock[] {
    return this.#state.get(kernel()).spare;
  }

  acquire(blocking = true, timeout = -1): Op<boolean> {
    return this.lock.acquire(blocking, timeout);
  }

  release(): void {
    this.lock.release();
  }

  /** Python's `with condition:` as `using held = yield* condition.hold()`: released when `held` leaves scope. */
  hold(): Op<Disposable> {
    return op(
      'Condition.hold()',
      holding(
        () => this.acquire(),
        () => this.release(),
      ),
    );
  }

  /** Python's `with cond:`. */
  with<T>(body: () => Blocking<T>): Op<T> {
    return this.lock.with(body);
  }

  /** Number of threads in `_waiters` (concsim extension, for tests and monitors). */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** `_is_owned`: an RLock knows its owner; a plain Lock counts as owned when held by anyone. */
  #isOwned(): boolean {
    const l = this.lock;
    if (l instanceof RLock) return l.isOwned();
    if (l.tryAcquire()) {
      l.release();
      return false;
    }
    return true;
  }

  /**
   * Waits until notified (true) or until `timeout` seconds pass (false). A timeout of 0 or
   * less is a non-blocking check.
   */
  wait(timeout?: Timeout): Op<boolean> {
    checkTimeoutType(timeout);
    if (!this.#isOwned()) throw new RuntimeError('cannot wait on un-acquired lock');
    return op('Condition.wait()', this.#wait(timeout));
  }

  /** `Condition.wait` in threading.py, with waiter locks reused (see the module comment). */
  *#wait(timeout: Timeout): Blocking<boolean> {
    const k = kernel();
    const waiter = this.#allocateLock();
    waiter.tryAcquire();
    waiter.holder = null; // whoever notifies releases it: no thread holds it in the wait-for sense
    this.#waiters.push(waiter);
    const saved = this.#releaseSave();
    k.emit('condition.wait', this.label);
    let gotit = false;
    try {
      if (timeout === null || timeout === undefined) {
        yield* this.atomic ? waiter.acquireOwn() : waiter.acquire();
        gotit = true;
      } else if (timeout > 0) {
        gotit = yield* this.atomic ? waiter.acquireOwn(timeout) : waiter.acquire(true, timeout);
      } else {
        gotit = waiter.tryAcquire();
      }
      return gotit;
    } finally {
      // _acquire_restore(saved_state); an atomic Condition's lock is free when notified
      const l = this.lock;
      if (saved !== null) yield* (l as RLock).acquireRestore(saved);
      else if (this.atomic && gotit) lockNow(l as Lock);
      else yield* l.acquire();
      if (!gotit) this.#waiters.remove(waiter);
      waiter.reset();
      this.#spare.push(waiter);
    }
  }

  /** `_release_save`: an RLock is released completely, whatever its recursion level. */
  #releaseSave(): RLockState | null {
    const l = this.lock;
    if (l instanceof RLock) return l.releaseSave();
    l.release();
    return null;
  }

  /** `_allocate_lock()`, or a waiter lock whose wait is over. */
  #allocateLock(): Lock {
    const spare = this.#spare.pop();
    if (spare !== undefined) return spare;
    if (this.#waiterLabel === null) this.#waiterLabel = `${this.label}.waiter`;
    return new Lock({ name: this.#waiterLabel });
  }

  /**
   * Waits until `predicate()` is truthy; returns its last value, as is, even on timeout
   * [CND-5]. The timeout is one deadline across all re-waits.
   */
  waitFor<T>(predicate: () => T, timeout?: Timeout): Op<T> {
    checkTimeoutType(timeout);
    return op('Condition.waitFor()', this.#waitFor(predicate, timeout));
  }

  *#waitFor<T>(predicate: () => T, timeout: Timeout): Blocking<T> {
    const k = kernel();
    let endtime: number | null = null;
    let waittime: Timeout = timeout;
    let result = predicate();
    while (!result) {
      if (waittime !== null && waittime !== undefined) {
        if (endtime === null) {
          endtime = k.now + toTicks(waittime);
        } else {
          waittime = toSeconds(endtime - k.now);
          if (waittime <= 0) break;
        }
      }
      yield* this.wait(waittime);
      result = predicate();
    }
    return result;
  }

  /** Wakes at most `n` waiters, first come first served; a no-op with none [CND-4]: `Condition.notify`. */
  notify(n = 1): void {
    if (!this.#isOwned()) throw new RuntimeError('cannot notify on un-acquired lock');
    const k = kernel();
    if (k.tracing) k.emit('condition.notify', this.label, { n, waiting: this.#waiters.length });
    const waiters = this.#waiters;
    while (waiters.length > 0 && n > 0) {
      const waiter = waiters.peek() as Lock;
      if (waiter.locked()) {
        waiter.release();
        n--;
      }
      // waiters.remove(waiter): it is still the first, since releasing runs no thread.
      waiters.shift();
    }
  }

  notifyAll(): void {
    this.notify(this.#waiters.length);
  }
}

/**
 * A Condition over a plain Lock that is never held across a scheduling point — the
 * private lock of an Event or a Semaphore, taken only by code that runs atomically. Its
 * waits leave out two scheduling points that can show no other outcome: before blocking
 * on the waiter lock (only the waiter takes it), and before re-taking the lock once
 * notified (it is free at every point, and what the waiter did since it was picked no
 * other thread can see). After a timeout, a poll or an error the second point stays: a
 * `set()` there can still run before the lost wait returns false, as in CPython.
 */
export class AtomicCondition extends Condition {
  declare readonly lock: Lock;
  protected override readonly atomic: boolean = true;

  constructor(o: NameOptions & { readonly lock: Lock; readonly processShared?: boolean }) {
    super(o);
  }
}
