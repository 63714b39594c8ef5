/**
 * `threading.Barrier`, written as CPython 3.11 writes it: a Condition over a plain Lock,
 * a count of threads inside `wait`, and a state — filling (0), draining (1), resetting
 * (-1) or broken (-2). The last of `parties` threads to arrive runs the `action` and
 * releases the others; each `wait` returns its arrival index [BAR-1], and the barrier is
 * reusable once every thread of a trip has left [BAR-2]. A `wait` that times out breaks
 * the barrier for every waiter [BAR-3]; an action that raises breaks it too, and only the
 * thread that ran it sees the action's own exception [BAR-7]. `parties` is not validated,
 * as in 3.11 [BAR-8].
 *
 * Differs from CPython: an action that returns a generator is driven with `yield*`, so an
 * action can block (it holds the barrier's lock while it does, as in CPython). `reset` and
 * `abort` are plain calls; called while such an action blocks, where CPython would wait
 * for the lock, they raise a UsageError instead.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op, UsageError } from '../../engine/index.ts';
import { mustDrive } from '../drive.ts';
import { BrokenBarrierError } from '../errors.ts';
import { Condition } from './condition.ts';
import { Lock, type NameOptions } from './lock.ts';
import type { Timeout } from './timeout.ts';

/**
 * Keyword arguments of `threading.Barrier`: `action` (run by one thread when the barrier trips) and
 * the default `timeout`.
 */
export interface BarrierOptions extends NameOptions {
  /** Called by the last thread to arrive, before the others are released. */
  readonly action?: (() => unknown) | null;
  /** Default timeout (seconds) for `wait()` calls that give none [BAR-8]. */
  readonly timeout?: Timeout;
}

const FILLING = 0;
const DRAINING = 1;
const RESETTING = -1;
const BROKEN = -2;

/**
 * `threading.Barrier(parties, action=None, timeout=None)`: `wait()` blocks until `parties` threads
 * have called it, then releases them all.
 */
export class Barrier {
  readonly label: string;
  readonly #cond: Condition;
  readonly #action: (() => unknown) | null;
  readonly #timeout: Timeout;
  readonly #parties: number;
  #state = FILLING;
  #count = 0;

  constructor(parties: number, o: BarrierOptions = {}) {
    this.label = o.name ?? kernel('Barrier()').label('Barrier');
    this.#cond = new Condition({ name: `${this.label}.cond`, lock: new Lock({ name: `${this.label}.lock` }) });
    this.#action = o.action ?? null;
    this.#timeout = o.timeout ?? null;
    this.#parties = parties;
  }

  /**
   * Waits until `parties` threads have called `wait`; returns this thread's arrival index,
   * 0 to parties-1. Raises BrokenBarrierError if the barrier is or becomes broken, or
   * reset while waiting. `timeout` defaults to the constructor's.
   */
  wait(timeout?: Timeout): Op<number> {
    return op('Barrier.wait()', this.#wait(timeout ?? this.#timeout));
  }

  *#wait(timeout: Timeout): Blocking<number> {
    const k = kernel();
    yield* this.#cond.acquire();
    try {
      yield* this.#enter(); // block while the barrier drains
      const index = this.#count++;
      if (k.tracing) k.emit('barrier.wait', this.label, { index, parties: this.#parties });
      try {
        if (index + 1 === this.#parties) yield* this.#release();
        else yield* this.#waitReleased(timeout);
        return index;
      } finally {
        this.#count--;
        this.#exit();
      }
    } finally {
      this.#cond.release();
    }
  }

  /** Waits while the barrier drains or resets; raises if it is broken. */
  *#enter(): Blocking {
    while (this.#state === RESETTING || this.#state === DRAINING) yield* this.#cond.wait();
    if (this.#state < 0) throw new BrokenBarrierError();
  }

  /** The last arrival: runs the action and releases the waiters, or breaks the barrier. */
  *#release(): Blocking {
    const k = kernel();
    try {
      if (this.#action) {
        const r = this.#action();
        if (mustDrive(r)) yield* r;
      }
      this.#state = DRAINING;
      if (k.tracing) k.emit('barrier.trip', this.label, { parties: this.#parties });
      this.#cond.notifyAll();
    } catch (e) {
      this.#break();
      throw e;
    }
  }

  /** Waits to be released; a timeout breaks the barrier. */
  *#waitReleased(timeout: Timeout): Blocking {
    if (!(yield* this.#cond.waitFor(() => this.#state !== FILLING, timeout))) {
      this.#break();
      throw new BrokenBarrierError();
    }
    if (this.#state < 0) throw new BrokenBarrierError();
  }

  /** The last thread out of a draining or resetting barrier lets the next trip fill. */
  #exit(): void {
    if (this.#count === 0 && (this.#state === RESETTING || this.#state === DRAINING)) {
      this.#state = FILLING;
      this.#cond.notifyAll();
    }
  }

  /** Back to the initial state; threads waiting now get BrokenBarrierError [BAR-4, BAR-5]. */
  reset(): void {
    const k = kernel('Barrier.reset()');
    this.#lockNow('Barrier.reset()');
    try {
      if (this.#count > 0) {
        if (this.#state === FILLING || this.#state === BROKEN) this.#state = RESETTING;
      } else {
        this.#state = FILLING;
      }
      if (k.tracing) k.emit('barrier.reset', this.label, { waiting: this.#count });
      this.#cond.notifyAll();
    } finally {
      this.#cond.release();
    }
  }

  /** Breaks the barrier: current and future waiters get BrokenBarrierError [BAR-6]. */
  abort(): void {
    kernel('Barrier.abort()');
    this.#lockNow('Barrier.abort()');
    try {
      this.#break();
    } finally {
      this.#cond.release();
    }
  }

  #break(): void {
    const k = kernel();
    this.#state = BROKEN;
    if (k.tracing) k.emit('barrier.break', this.label, { waiting: this.#count });
    this.#cond.notifyAll();
  }

  #lockNow(what: string): void {
    if (!(this.#cond.lock as Lock).tryAcquire()) {
      throw new UsageError(`${what} would block: ${this.label}'s lock is held while its action runs`);
    }
  }

  /** Number of threads required to trip the barrier. */
  get parties(): number {
    return this.#parties;
  }

  /** Number of threads currently waiting (0 while draining or resetting). */
  get nWaiting(): number {
    return this.#state === FILLING ? this.#count : 0;
  }

  get broken(): boolean {
    return this.#state === BROKEN;
  }
}
