/**
 * The callbacks an event loop queues, as CPython 3.11's `events.py` writes them:
 * `asyncio.Handle` (a callback for the next turn) and `asyncio.TimerHandle` (one due at a
 * time, ordered by time then by the order it was made).
 */

import { toSeconds } from '../../engine/index.ts';

/** A callback queued on the loop (`asyncio.Handle`). */
export class Handle {
  #cancelled = false;
  constructor(readonly fn: () => unknown) {}
  cancel(): void {
    this.#cancelled = true;
  }
  cancelled(): boolean {
    return this.#cancelled;
  }
}

/** A callback queued for a time (`asyncio.TimerHandle`); `when` is in ticks. */
export class TimerHandle extends Handle {
  constructor(
    fn: () => unknown,
    readonly whenTicks: number,
    readonly seq: number,
  ) {
    super(fn);
  }
  /** The loop time (seconds) it is due at. */
  when(): number {
    return toSeconds(this.whenTicks);
  }
}
