/**
 * `gevent.lock.Semaphore` and `BoundedSemaphore`: a counter that greenlets acquire and
 * release, first come first served. Waiting always yields to the hub, patched or not; a
 * Pool bounds its greenlets with one.
 *
 * Simplified from gevent: `release` hands the unit straight to the first waiter, which
 * runs when the hub next schedules it, where gevent notifies waiters from a hub callback
 * and the first to run takes the unit. Either way waiters are served in FIFO order and
 * nobody can overtake a waiter; a waiter interrupted (killed, timed out) after the
 * hand-off gives the unit back.
 */
import type { Blocking } from '../../engine/index.ts';
import { type Fiber, kernel, type Op, op, WaitQueue } from '../../engine/index.ts';
import { ValueError } from '../errors.ts';
import { checkTimeoutType, type Timeout as Seconds, timeoutTicks } from '../threading/timeout.ts';
import { getHub, hubBlock } from './hub.ts';

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
    getHub();
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

  /** `acquire(blocking=False)` as a plain call: takes a unit if one is free and nobody waits. */
  tryAcquire(): boolean {
    if (this.#counter > 0 && this.#waiters.length === 0) {
      this.#counter--;
      return true;
    }
    return false;
  }

  /** Returns a unit: to the first waiter if there is one. */
  release(): void {
    const k = kernel('Semaphore.release()');
    const w = this.#waiters.shift();
    if (w === undefined) {
      this.#counter++;
      return;
    }
    w.granted = true;
    if (w.fiber.wq === this.#wq) k.wake(w.fiber);
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
