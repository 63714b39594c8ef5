/**
 * `threading.Event`: a flag on a Condition over a plain Lock, as in CPython. `set` wakes
 * every waiter with `notify_all` [EVT-5]; a woken waiter returns what `Condition.wait`
 * returned, without re-reading the flag, so it returns true even if `clear` ran before it
 * woke [EVT-4]. `wait(0)` or a negative timeout polls [EVT-6].
 *
 * `set` and `clear` are plain calls, as in Python: the Event's own lock is never held
 * across a scheduling point, so taking it there cannot block.
 *
 * Scheduling points. Every `Lock.acquire` begins with one, even on a free lock: that is
 * what lets a checker interleave threads at every lock, and it stays. A wait keeps the
 * one on entry, before the flag is read (other threads write it), and its wake-up (the
 * resumption of the blocked thread), and drops two that the Condition under it would
 * add, because every interleaving they allow has an equivalent without them — same
 * values returned, same final state — so a checker loses no outcome:
 * - before blocking on its waiter lock: only the waiting thread ever takes that lock.
 *   Whatever other threads do at that point they can do just after it blocks: a set()
 *   there releases the waiter lock, so the wait goes on without blocking and returns
 *   true, exactly as when the set() wakes it a moment later;
 * - before re-taking the Event's lock once notified: the lock is free at every
 *   scheduling point, so it is taken at once, and between being picked and that point
 *   the waiter only took its own waiter lock, which nobody else sees — anything others
 *   did there they could have done before it was picked (it was runnable since the
 *   set()), with the same result.
 * After a timeout, a poll or an error the point before re-taking the lock stays: there
 * the wait is already lost, and a set() by another thread (with whatever that thread
 * does next) can still run before it returns false — CPython's "timed out although set
 * meanwhile" — which no other interleaving gives, since a set() before the timed-out
 * waiter is picked wins the race and makes it return true.
 * So a wake-up costs two steps, not four (`atomicCondition`, `acquireOwnLock`). This
 * changed schedules and traces, not outcomes: each property test of Event passes
 * unchanged, over random schedules and replayed choice lists.
 */
import { kernel, type Op, op } from '../../engine/index.ts';
import { atomicCondition, type Condition } from './condition.ts';
import { Lock, lockNow, type NameOptions } from './lock.ts';
import { checkTimeoutType, type Timeout } from './timeout.ts';

/**
 * `threading.Event`: a flag that `set()` raises and `clear()` lowers; `wait(timeout)` blocks until
 * it is set and returns whether it is.
 */
export class Event {
  readonly label: string;
  readonly #cond: Condition;
  #flag = false;

  constructor(o: NameOptions = {}) {
    this.label = o.name ?? kernel('Event()').label('Event');
    this.#cond = atomicCondition({ name: `${this.label}.cond`, lock: new Lock({ name: `${this.label}.lock` }) });
  }

  isSet(): boolean {
    return this.#flag;
  }

  set(): void {
    const k = kernel('Event.set()');
    lockNow(this.#cond.lock as Lock, this.label);
    try {
      this.#flag = true;
      if (k.tracing) k.emit('event.set', this.label, { waiters: this.#cond.waiting });
      this.#cond.notifyAll();
    } finally {
      this.#cond.release();
    }
  }

  clear(): void {
    const k = kernel('Event.clear()');
    lockNow(this.#cond.lock as Lock, this.label);
    this.#flag = false;
    if (k.tracing) k.emit('event.clear', this.label);
    this.#cond.release();
  }

  /** Blocks until the flag is set (true) or `timeout` seconds pass (false). */
  wait(timeout?: Timeout): Op<boolean> {
    return op('Event.wait()', this.#wait(timeout));
  }

  *#wait(timeout: Timeout): Generator<unknown, boolean, unknown> {
    const k = kernel();
    yield* this.#cond.acquire();
    try {
      let signaled = this.#flag;
      if (!signaled) {
        checkTimeoutType(timeout); // Python only compares the timeout on a clear event [EVT-7]
        if (k.tracing) k.emit('event.wait', this.label);
        signaled = yield* this.#cond.wait(timeout);
      }
      if (k.tracing) k.emit('event.return', this.label, { value: signaled });
      return signaled;
    } finally {
      this.#cond.release();
    }
  }
}
