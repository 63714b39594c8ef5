/**
 * A baton: at most one fiber of a group runs at a time, and it keeps running until it
 * gives the baton up. This is how greenlets share their hub's OS thread: a greenlet that
 * blocks cooperatively (a gevent-aware, monkey-patched call) hands the baton to the next
 * one waiting, in FIFO order, as gevent's loop runs ready callbacks in order; a greenlet
 * that blocks without cooperating (an unpatched call) keeps it, stalling every greenlet of
 * the hub, as in Python.
 *
 * The kernel enforces it (lifecycle.ts): a fiber of a busy baton that becomes runnable,
 * or that the strategy picks while another holds the baton, does not run; it queues here
 * and becomes runnable when handed the baton. This class keeps the holder and that queue;
 * the kernel moves the fibers.
 */
import type { Fiber } from './fiber.ts';

/**
 * Lets at most one fiber of a group run at a time, until it gives the baton up: how greenlets share
 * their hub's OS thread.
 */
export class Baton {
  holder: Fiber | null = null;
  /** Fibers ready to run, waiting for the baton (FIFO). */
  readonly waiters: Fiber[] = [];
  /**
   * The fiber whose wake-up wakes the group's OS thread, blocked in its poll (lifecycle.ts):
   * it runs first once awake, and fibers that become ready meanwhile queue behind it.
   */
  waking: Fiber | null = null;
  constructor(readonly label: string) {}

  /**
   * Whether `f`, ready to run, must wait for the baton — because another fiber holds it or
   * others are ready before `f` — in which case it is queued (once).
   */
  mustWait(f: Fiber): boolean {
    const h = this.holder;
    if (h === f || (h === null && this.waking === null && this.waiters.length === 0)) return false;
    if (!this.waiters.includes(f)) this.waiters.push(f);
    return true;
  }

  /** Takes the baton for `f`, picked to run; false if another holds it (then `f` queues). */
  take(f: Fiber): boolean {
    const h = this.holder;
    if (h === f) return true;
    if (h !== null) {
      this.waiters.push(f);
      return false;
    }
    this.holder = f;
    return true;
  }

  /** Gives the baton up if `f` holds it; returns the fiber it is handed to (to make runnable), if any. */
  release(f: Fiber): Fiber | null {
    if (this.holder !== f) return null;
    const next = this.waiters.shift() ?? null;
    this.holder = next;
    return next;
  }

  /** Whether `f` is queued for the baton. */
  isWaiting(f: Fiber): boolean {
    return this.waiters.includes(f);
  }

  /** Takes `f` out of the queue (a fiber that ends). */
  remove(f: Fiber): void {
    const i = this.waiters.indexOf(f);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /** Moves a queued `f` to the head of the queue (an error thrown into it switches to it at once). */
  toFront(f: Fiber): void {
    const i = this.waiters.indexOf(f);
    if (i > 0) {
      this.waiters.splice(i, 1);
      this.waiters.unshift(f);
    }
  }
}
