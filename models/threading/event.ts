/**
 * `threading.Event`: a flag on a Condition over a plain Lock, as in CPython. `set` wakes
 * every waiter with `notify_all` [EVT-5]; a woken waiter returns what `Condition.wait`
 * returned, without re-reading the flag, so it returns true even if `clear` ran before it
 * woke [EVT-4]. `wait(0)` or a negative timeout polls [EVT-6].
 *
 * A fork copies the flag (models/fork.ts): setting or clearing it in one process leaves
 * the other's as it was, and, the Condition copied too, wakes none of the other's waiters.
 *
 * `set` and `clear` are plain calls, as in Python: the Event's own lock is never held
 * across a scheduling point, so taking it there cannot block.
 *
 * Its Condition is an `AtomicCondition`: the Event's lock is free at every scheduling
 * point, so a wait skips two points that could show no other outcome, and a wake-up
 * costs two steps, not four. The wait keeps its point on entry, before the flag is read
 * (other threads write it), and its wake-up.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op } from '../../engine/index.ts';
import { PerProcess } from '../fork.ts';
import { AtomicCondition } from './condition.ts';
import { Lock, lockNow, type NameOptions } from './lock.ts';
import { checkTimeoutType, type Timeout } from './timeout.ts';

/**
 * `threading.Event`: a flag that `set()` raises and `clear()` lowers; `wait(timeout)` blocks until
 * it is set and returns whether it is.
 */
export class Event {
  readonly label: string;
  readonly #cond: AtomicCondition;
  /** The flag, each process its own after a fork. */
  readonly #state: PerProcess<{ flag: boolean }>;

  constructor(o: NameOptions = {}) {
    const k = kernel('Event()');
    this.label = o.name ?? k.label('Event');
    this.#cond = new AtomicCondition({ name: `${this.label}.cond`, lock: new Lock({ name: `${this.label}.lock` }) });
    this.#state = new PerProcess<{ flag: boolean }>(k, { flag: false }, (s) => ({ flag: s.flag }));
  }

  get #flag(): boolean {
    return this.#state.get(kernel()).flag;
  }

  set #flag(v: boolean) {
    this.#state.get(kernel()).flag = v;
  }

  /** `Event.is_set` in threading.py, as are the methods below. */
  isSet(): boolean {
    return this.#flag;
  }

  /** Sets the flag and wakes every waiter. */
  set(): void {
    const k = kernel('Event.set()');
    lockNow(this.#cond.lock, this.label);
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
    lockNow(this.#cond.lock, this.label);
    this.#flag = false;
    k.emit('event.clear', this.label);
    this.#cond.release();
  }

  /** Blocks until the flag is set (true) or `timeout` seconds pass (false). */
  wait(timeout?: Timeout): Op<boolean> {
    return op('Event.wait()', this.#wait(timeout));
  }

  *#wait(timeout: Timeout): Blocking<boolean> {
    const k = kernel();
    yield* this.#cond.acquire();
    try {
      let signaled = this.#flag;
      if (!signaled) {
        checkTimeoutType(timeout); // Python only compares the timeout on a clear event [EVT-7]
        k.emit('event.wait', this.label);
        signaled = yield* this.#cond.wait(timeout);
      }
      if (k.tracing) k.emit('event.return', this.label, { value: signaled });
      return signaled;
    } finally {
      this.#cond.release();
    }
  }
}
