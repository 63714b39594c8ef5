/**
 * `gevent.lock.Semaphore` and `BoundedSemaphore`: a counter that greenlets acquire and
 * release, first come first served. Waiting always yields to the hub, patched or not; a
 * Pool bounds its greenlets with one.
 *
 * As gevent 22.10's `_semaphore.py` over `_abstract_linkable.py`: `release` adds the unit
 * back and, if greenlets wait, queues ONE notifier callback in the hub; that callback hands
 * units to the waiters in FIFO order while any are left. So a release wakes nobody at once:
 * every greenlet already due in the same round (two sleeps ending together) runs before
 * the first waiter does, as in gevent. `acquire` takes a free unit without looking at the
 * waiters, as gevent's does (a newcomer may take a unit released before the notifier ran).
 * Simplified: the notifier grants each waiter its unit as it wakes it, where gevent
 * switches to each waiter in turn and the waiter takes it; a waiter interrupted (killed,
 * timed out) after the grant gives the unit back.
 */
import type { Blocking } from '../../engine/index.ts';
import { type Fiber, kernel, type Op, op, WaitQueue } from '../../engine/index.ts';
import { ValueError } from '../errors.ts';
import { checkTimeoutType, type Timeout as Seconds, timeoutTicks } from '../threading/timeout.ts';
import { getHub, type Hub, hubBlock } from './hub.ts';

interface Waiter {
  readonly fiber: Fiber;
  granted: boolean;
}

/** `gevent.lock.Semaphore`: a counter greenlets acquire and release cooperatively. */
export class Semaphore {
  readonly label: string;
  #counter: number;
  readonly #waiters: Waiter[] = [];
  readonly #wq: WaitQueue;
  /** The hub of the greenlets that waited here (gevent's `self.hub`). */
  #hub: Hub | null = null;
  #notifierPending = false;

  constructor(value = 1, o: { readonly name?: string } = {}) {
    if (value < 0) throw new ValueError('semaphore initial value must be >= 0');
    this.#counter = value;
    this.label = o.name ?? kernel('Semaphore()').label('gevent.Semaphore');
    this.#wq = new WaitQueue(this.label);
  }

  /** Units available now. */
  get counter(): number {
    return this.#counter;
  }

  locked(): boolean {
    return this.#counter <= 0;
  }

  /**
   * Takes a unit; returns true. With `blocking` false, or once `timeout` seconds pass,
   * returns false instead of waiting.
   */
  acquire(blocking = true, timeout: Seconds = null): Op<boolean> {
    checkTimeoutType(timeout);
    return op('Semaphore.acquire()', this.#acquire(blocking, timeout));
  }

  *#acquire(blocking: boolean, timeout: Seconds): Blocking<boolean> {
    if (this.tryAcquire()) return true;
    if (!blocking) return false;
    this.#hub ??= getHub();
    const w: Waiter = { fiber: kernel().current as Fiber, granted: false };
    this.#waiters.push(w);
    try {
      yield* hubBlock(this.#wq, timeoutTicks(timeout));
    } catch (e) {
      if (w.granted) this.release(); // interrupted after the hand-off: pass the unit on
      throw e;
    } finally {
      const i = this.#waiters.indexOf(w);
      if (i >= 0) this.#waiters.splice(i, 1);
    }
    return w.granted;
  }

  /** `acquire(blocking=False)` as a plain call: takes a unit if one is free. */
  tryAcquire(): boolean {
    if (this.#counter > 0) {
      this.#counter--;
      return true;
    }
    return false;
  }

  /** Returns a unit; if greenlets wait, the hub's next round hands it on (`_check_and_notify`). */
  release(): void {
    kernel('Semaphore.release()');
    this.#counter++;
    if (this.#waiters.length === 0 || this.#notifierPending) return;
    const hub = this.#hub ?? getHub();
    this.#notifierPending = true;
    hub.runCallback(() => this.#notify());
  }

  /** gevent's `_notify_links` with `only_while_ready`: waiters in FIFO order while units last. */
  #notify(): void {
    this.#notifierPending = false;
    const k = kernel();
    while (this.#counter > 0) {
      const w = this.#waiters.shift();
      if (w === undefined) return;
      if (w.fiber.wq !== this.#wq) continue; // interrupted: leaving its acquire already
      this.#counter--;
      w.granted = true;
      k.wake(w.fiber);
    }
  }

  /**
   * Waits until a unit is free without taking it; returns the units free (0 if `timeout`
   * passed first), as gevent's `wait`.
   */
  wait(timeout: Seconds = null): Op<number> {
    checkTimeoutType(timeout);
    return op('Semaphore.wait()', this.#wait(timeout));
  }

  *#wait(timeout: Seconds): Blocking<number> {
    if (this.#counter > 0) return this.#counter;
    if (!(yield* this.#acquire(true, timeout))) return 0;
    this.release();
    return this.#counter;
  }

  /** Python's `with sem:`. */
  with<T>(body: () => Iterable<unknown, T, unknown>): Op<T> {
    return op('Semaphore.with()', this.#with(body));
  }

  *#with<T>(body: () => Iterable<unknown, T, unknown>): Blocking<T> {
    yield* this.#acquire(true, null);
    try {
      return yield* body();
    } finally {
      this.release();
    }
  }
}

/** A Semaphore that refuses to be released above its initial value. */
export class BoundedSemaphore extends Semaphore {
  readonly #initial: number;
  constructor(value = 1, o: { readonly name?: string } = {}) {
    super(value, o);
    this.#initial = value;
  }

  override release(): void {
    if (this.counter >= this.#initial) throw new ValueError('Semaphore released too many times');
    super.release();
  }
}
