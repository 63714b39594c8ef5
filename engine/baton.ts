/**
 * A baton: at most one fiber of a group runs at a time, and it keeps running until it
 * gives the baton up. This is how greenlets share their hub's OS thread: a greenlet that
 * blocks cooperatively (a gevent-aware, monkey-patched call) hands the baton to the next
 * one waiting, in FIFO order, as gevent's loop runs ready callbacks in order; a greenlet
 * that blocks without cooperating (an unpatched call) keeps it, stalling every greenlet of
 * the hub, as in Python.
 *
 * The kernel enforces it: a fiber with a baton that the strategy picks while another holds
 * the baton does not run; it queues for the baton and runs when handed it.
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
  constructor(readonly label: string) {}
}
