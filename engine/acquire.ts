/**
 * The blocking acquire that lock-like models share: a scheduling point, then a try; if
 * the resource is taken, block on its wait queue until woken or until the deadline, and
 * try again, first in the queue — a woken waiter that loses the race to a newcomer keeps
 * its place (CPython's locks do not hand over on release). An error thrown into a blocked
 * waiter (a gevent Timeout, a kill) after a release woke it passes the wake-up on, or the
 * next waiter would sleep on a free resource.
 *
 * It is the commonest blocking call, so it is a state machine (`MachineOp`) rather than a
 * generator; it behaves exactly as this generator would:
 *
 *   if (point) yield* preempt();
 *   if (!blocking) return lock.tryAcquire();
 *   const deadline = timeout === null ? null : k.now + timeout;
 *   for (let retry = false; ; retry = true) {
 *     if (lock.tryAcquire()) return true;
 *     if (deadline !== null && k.now >= deadline) return false;
 *     try {
 *       if (!(yield* block(wq, deadline === null ? null : deadline - k.now, retry))) return false;
 *     } catch (e) {
 *       if (!lock.locked()) k.wakeOne(wq);
 *       throw e;
 *     }
 *   }
 */
import { activeKernel, kernel } from './context.ts';
import type { Kernel } from './kernel.ts';
import { DONE, FALSE, MachineOp, TRUE, track, undrivenError, YIELD } from './op.ts';
import { parkNow, preemptNow } from './syscalls.ts';
import type { WaitQueue } from './wait-queue.ts';

/** What `acquire` takes: a resource taken without blocking, or not. */
export interface Acquirable {
  /** Takes the resource if it is free, with no scheduling point; whether it did. */
  tryAcquire(): boolean;
  locked(): boolean;
}

/**
 * Acquires `lock`, blocking on `wq` (the queue its release wakes one fiber of) unless
 * `blocking` is false, for at most `timeout` ticks (null: for ever); the op returns
 * whether it got it. `point`: whether it begins with a scheduling point, which a model
 * may leave out where the point can show no other outcome (a lock only the calling
 * thread ever takes). `label` names the call in errors: `Lock.acquire()`.
 */
export function acquire(
  label: string,
  lock: Acquirable,
  wq: WaitQueue,
  blocking: boolean,
  timeout: number | null,
  point: boolean,
): MachineOp<boolean> {
  return new Acquire(label, lock, wq, blocking, timeout, point);
}

/** Where an acquire stands. */
const NEW = 0;
const PREEMPTING = 1;
const BLOCKED = 2;
const OVER = 3;

/** The end of an acquire driven again after it ended. */
const ENDED = DONE as unknown as IteratorResult<unknown, boolean>;

class Acquire extends MachineOp<boolean> {
  #phase = NEW;
  #k: Kernel | null = null;
  #deadline: number | null = null;
  #retry = false;

  constructor(
    label: string,
    readonly lock: Acquirable,
    readonly wq: WaitQueue,
    readonly blocking: boolean,
    readonly timeout: number | null,
    readonly point: boolean,
  ) {
    super(label);
    track(activeKernel(), this);
  }

  next(v?: unknown): IteratorResult<unknown, boolean> {
    switch (this.#phase) {
      case NEW: {
        this.#phase = OVER; // until it suspends: an error here ends the op
        const k = kernel();
        this.#k = k;
        if (!this.point) return this.#start(k);
        checkNothingUndriven(k);
        preemptNow(k);
        this.#phase = PREEMPTING;
        return YIELD;
      }
      case PREEMPTING:
        this.#phase = OVER;
        return this.#start(this.#k as Kernel);
      case BLOCKED:
        this.#phase = OVER;
        if (!v) return FALSE;
        this.#retry = true;
        return this.#try(this.#k as Kernel);
      default:
        return ENDED;
    }
  }

  override throw(e: unknown): IteratorResult<unknown, boolean> {
    const phase = this.#phase;
    this.#phase = OVER;
    if (phase === BLOCKED) this.#passWakeUpOn();
    throw e;
  }

  override return(v?: boolean): IteratorResult<unknown, boolean> {
    this.#phase = OVER;
    return super.return(v);
  }

  #start(k: Kernel): IteratorResult<unknown, boolean> {
    if (!this.blocking) return this.lock.tryAcquire() ? TRUE : FALSE;
    this.#deadline = this.timeout === null ? null : k.now + this.timeout;
    return this.#try(k);
  }

  #try(k: Kernel): IteratorResult<unknown, boolean> {
    if (this.lock.tryAcquire()) return TRUE;
    const deadline = this.#deadline;
    if (deadline !== null && k.now >= deadline) return FALSE;
    try {
      checkNothingUndriven(k);
      parkNow(k, this.wq, deadline === null ? null : deadline - k.now, this.#retry);
    } catch (e) {
      this.#passWakeUpOn();
      throw e;
    }
    this.#phase = BLOCKED;
    return YIELD;
  }

  #passWakeUpOn(): void {
    if (!this.lock.locked()) (this.#k as Kernel).wakeOne(this.wq);
  }
}

/** The check that creating the `preempt()` or `block()` op would make. */
function checkNothingUndriven(k: Kernel): void {
  if (k.undriven !== null) throw undrivenError(k.undriven.label);
}
