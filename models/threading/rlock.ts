/**
 * `threading.RLock`: a re-entrant lock with an owner and a recursion count, built on a
 * plain `Lock` as CPython's Python-level `_RLock` is (threading.py; CPython runs its C
 * twin, `_thread.RLock`, which behaves the same). N acquires need N releases
 * [RLK-1]; only the owner may release [RLK-2]. `releaseSave`/`acquireRestore` let a
 * Condition release it completely while waiting and restore the count after [CND-6].
 */
import type { Blocking } from '../../engine/index.ts';
import { type Fiber, kernel, type Op, op } from '../../engine/index.ts';
import { RuntimeError } from '../errors.ts';
import { holding } from './hold.ts';
import { checkAcquireArgs, Lock, type NameOptions } from './lock.ts';

/** What `releaseSave` hands back to `acquireRestore`. */
export interface RLockState {
  readonly count: number;
  readonly owner: Fiber | null;
}

/** `threading.RLock`: a lock its owner may acquire again; it is free once released as many times. */
export class RLock {
  readonly label: string;
  #owner: Fiber | null = null;
  #count = 0;
  readonly #block: Lock;

  constructor(o: NameOptions = {}) {
    this.label = o.name ?? kernel('RLock()').label('RLock');
    this.#block = new Lock({ name: this.label });
  }

  /** `_RLock.acquire`, as are the methods below. */
  acquire(blocking = true, timeout = -1): Op<boolean> {
    checkAcquireArgs(blocking, timeout);
    return op('RLock.acquire()', this.#acquire(blocking, timeout));
  }

  *#acquire(blocking: boolean, timeout: number): Blocking<boolean> {
    const me = kernel().current;
    if (this.#owner === me) {
      this.#count++;
      return true;
    }
    const rc = yield* this.#block.acquire(blocking, timeout);
    if (rc) {
      this.#owner = me;
      this.#count = 1;
    }
    return rc;
  }

  release(): void {
    if (this.#owner !== kernel().current) throw new RuntimeError('cannot release un-acquired lock');
    this.#count--;
    if (this.#count === 0) {
      this.#owner = null;
      this.#block.release();
    }
  }

  /** Releases completely, whatever the recursion level (Condition's `_release_save`). */
  releaseSave(): RLockState {
    if (this.#count === 0) throw new RuntimeError('cannot release un-acquired lock');
    const state = { count: this.#count, owner: this.#owner };
    this.#count = 0;
    this.#owner = null;
    this.#block.release();
    return state;
  }

  /** Re-acquires and restores the recursion level (Condition's `_acquire_restore`). */
  acquireRestore(state: RLockState): Op<void> {
    return op('RLock.acquireRestore()', this.#acquireRestore(state));
  }

  *#acquireRestore(state: RLockState): Blocking {
    yield* this.#block.acquire();
    this.#count = state.count;
    this.#owner = state.owner;
  }

  /** Whether the calling thread owns it (Condition's `_is_owned`). */
  isOwned(): boolean {
    return this.#owner === kernel().current;
  }

  /** Python's `with rlock:` as `using held = yield* rlock.hold()`: released when `held` leaves scope. */
  hold(): Op<Disposable> {
    return op(
      'RLock.hold()',
      holding(
        () => this.acquire(),
        () => this.release(),
      ),
    );
  }

  /** Runs `body` holding the lock: Python's `with rlock:`. */
  with<T>(body: () => Blocking<T>): Op<T> {
    return op('RLock.with()', this.#with(body));
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
