/**
 * `threading.RLock`: a re-entrant lock with an owner and a recursion count, built on a
 * plain `Lock` as CPython's Python-level `_RLock` is (threading.py; CPython runs its C
 * twin, `_thread.RLock`, which behaves the same). N acquires need N releases
 * [RLK-1]; only the owner may release [RLK-2]. `releaseSave`/`acquireRestore` let a
 * Condition release it completely while waiting and restore the count after [CND-6].
 *
 * A fork copies it (models/fork.ts): owned by the forking thread, the child's main thread
 * (that thread's copy, with the same ident in CPython) owns the copy with the same count
 * and may release it; owned by another thread, the copy stays held by no thread of the
 * child, and taking it there deadlocks.
 */
import type { Blocking } from '../../engine/index.ts';
import { type Fiber, kernel, type Op, op } from '../../engine/index.ts';
import { RuntimeError } from '../errors.ts';
import { forkedThread, PerProcess } from '../fork.ts';
import { holding } from './hold.ts';
import { checkAcquireArgs, Lock, type LockOptions } from './lock.ts';

/** What `releaseSave` hands back to `acquireRestore`. */
export interface RLockState {
  readonly count: number;
  readonly owner: Fiber | null;
}

/** `threading.RLock`: a lock its owner may acquire again; it is free once released as many times. */
export class RLock {
  readonly label: string;
  /** Owner and recursion count, each process its own after a fork. */
  readonly #state: PerProcess<{ owner: Fiber | null; count: number }>;
  readonly #block: Lock;

  constructor(o: LockOptions = {}) {
    const k = kernel('RLock()');
    this.label = o.name ?? k.label('RLock');
    const shared = o.processShared === true;
    this.#block = new Lock({ name: this.label, processShared: shared });
    this.#state = new PerProcess<{ owner: Fiber | null; count: number }>(
      k,
      { owner: null, count: 0 },
      (s, f) => ({
        owner: forkedThread(s.owner, f),
        count: s.count,
      }),
      shared,
    );
  }

  /** `_RLock.acquire`, as are the methods below. */
  acquire(blocking = true, timeout = -1): Op<boolean> {
    checkAcquireArgs(blocking, timeout);
    return op('RLock.acquire()', this.#acquire(blocking, timeout));
  }

  *#acquire(blocking: boolean, timeout: number): Blocking<boolean> {
    const k = kernel();
    const me = k.current;
    const s = this.#state.get(k);
    if (s.owner === me) {
      s.count++;
      return true;
    }
    const rc = yield* this.#block.acquire(blocking, timeout);
    if (rc) {
      s.owner = me;
      s.count = 1;
    }
    return rc;
  }

  release(): void {
    const k = kernel();
    const s = this.#state.get(k);
    if (s.owner !== k.current) throw new RuntimeError('cannot release un-acquired lock');
    s.count--;
    if (s.count === 0) {
      s.owner = null;
      this.#block.release();
    }
  }

  /** Releases completely, whatever the recursion level (Condition's `_release_save`). */
  releaseSave(): RLockState {
    const s = this.#state.get(kernel());
    if (s.count === 0) throw new RuntimeError('cannot release un-acquired lock');
    const state = { count: s.count, owner: s.owner };
    s.count = 0;
    s.owner = null;
    this.#block.release();
    return state;
  }

  /** Re-acquires and restores the recursion level (Condition's `_acquire_restore`). */
  acquireRestore(state: RLockState): Op<void> {
    return op('RLock.acquireRestore()', this.#acquireRestore(state));
  }

  *#acquireRestore(state: RLockState): Blocking {
    yield* this.#block.acquire();
    const s = this.#state.get(kernel());
    s.count = state.count;
    s.owner = state.owner;
  }

  /** Whether the calling thread owns it (Condition's `_is_owned`). */
  isOwned(): boolean {
    const k = kernel();
    return this.#state.get(k).owner === k.current;
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
